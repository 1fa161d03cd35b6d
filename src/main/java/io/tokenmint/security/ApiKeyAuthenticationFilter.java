package io.tokenmint.security;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.tokenmint.caller.Caller;
import io.tokenmint.client.AdminKey;
import io.tokenmint.client.ApiClientService;
import io.tokenmint.client.ApiKeys;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.ratelimit.Throttles;
import io.tokenmint.web.Problems;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Recognises {@code X-Api-Key}: the admin key or an active client's key. A key that is present but
 * unknown ends the request with 401 at once, rather than falling back to anonymous access.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

	static final String HEADER = "X-Api-Key";

	private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthenticationFilter.class);

	/** Longer values are not keys we issued; refusing them early caps the hashing work. */
	private static final int MAX_KEY_LENGTH = 512;

	private final AdminKey adminKey;

	private final ApiClientService clients;

	private final Problems problems;

	private final Throttles throttles;

	ApiKeyAuthenticationFilter(AdminKey adminKey, ApiClientService clients, Problems problems, Throttles throttles) {
		this.throttles = throttles;
		this.adminKey = adminKey;
		this.clients = clients;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String key = request.getHeader(HEADER);
		if (key == null) {
			String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
			if (authorization != null && authorization.regionMatches(true, 0, "Bearer " + ApiKeys.PREFIX, 0, 7 + ApiKeys.PREFIX.length())) {
				// An API key in the wrong header: say where it goes, rather than that it is an invalid user token.
				response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "ApiKey header=\"" + HEADER + "\"");
				problems.write(ProblemCode.UNAUTHENTICATED, "That is an API key (" + ApiKeys.PREFIX + "…): send it in the " + HEADER
						+ " header, not as Authorization: Bearer, which is for signed-in users' tokens.", request, response);
				return;
			}
			chain.doFilter(request, response);
			return;
		}
		if (request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
			problems.write(ProblemCode.AMBIGUOUS_CREDENTIALS, "Send either X-Api-Key or Authorization, not both.", request, response);
			return;
		}
		String address = request.getRemoteAddr();
		boolean suspect = throttles.failingTooOften(address);
		Optional<Caller> caller;
		try {
			caller = recognise(key, suspect);
		}
		catch (DataAccessException ex) {
			log.error("Cannot look up an API key: database unavailable ({})", ex.getClass().getSimpleName());
			problems.write(ProblemCode.SERVICE_UNAVAILABLE, "Cannot check credentials right now; retry shortly.", request, response);
			return;
		}
		if (caller.isEmpty() && suspect) {
			throttles.refuse(new Throttles.Verdict(false, 1), "failed authentications from this address", request, response);
			return;
		}
		if (caller.isEmpty()) {
			throttles.failedAuthentication(address);
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "ApiKey header=\"" + HEADER + "\"");
			problems.write(ProblemCode.INVALID_API_KEY, "The API key is not valid or was revoked.", request, response);
			return;
		}
		var context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(new CallerAuthentication(caller.get()));
		SecurityContextHolder.setContext(context);
		try {
			chain.doFilter(request, response);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

	/**
	 * @param suspect the address has failed too often: only keys recognised moments ago get in, without a
	 *        query, so that honest callers behind the same address keep working while guesses cost nothing
	 */
	private Optional<Caller> recognise(String key, boolean suspect) {
		if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
			return Optional.empty();
		}
		String hash = ApiKeys.hash(key);
		if (adminKey.matchesHash(hash)) {
			return Optional.of(new Caller.Admin());
		}
		return (suspect ? clients.recentlyAuthenticated(hash) : clients.authenticate(hash)).map(Caller.Client::new);
	}

}
