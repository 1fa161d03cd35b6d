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
import io.tokenmint.client.MetricsKey;
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

	/** The one path a bearer credential may carry an API key to: the metrics, for Prometheus. */
	static final String METRICS = "/actuator/prometheus";

	private static final Logger log = LoggerFactory.getLogger(ApiKeyAuthenticationFilter.class);

	/** Longer values are not keys we issued; refusing them early caps the hashing work. */
	private static final int MAX_KEY_LENGTH = 512;

	private final AdminKey adminKey;

	private final MetricsKey metricsKey;

	private final ApiClientService clients;

	private final Problems problems;

	private final Throttles throttles;

	ApiKeyAuthenticationFilter(AdminKey adminKey, MetricsKey metricsKey, ApiClientService clients, Problems problems, Throttles throttles) {
		this.throttles = throttles;
		this.adminKey = adminKey;
		this.metricsKey = metricsKey;
		this.clients = clients;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String key = request.getHeader(HEADER);
		String bearer = bearer(request);
		if (key == null && bearer != null && METRICS.equals(request.getRequestURI()) && scrapesMetrics(bearer)) {
			// Prometheus sends a credential only as Authorization (its authorization setting; http_headers came in 2.55):
			// on the metrics, and only there, a bearer that is the metrics or admin key is taken as one. Anything else
			// goes on as a bearer token (a user's, refused here).
			authenticate(bearer, request, response, chain);
			return;
		}
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
		authenticate(key, request, response, chain);
	}

	private void authenticate(String key, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
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

	/** Whether a bearer on the metrics is the metrics key (or the admin key), which this filter takes. */
	boolean scrapesMetrics(String key) {
		if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
			return false;
		}
		return operator(ApiKeys.hash(key)).isPresent();
	}

	/** The admin or the monitoring system, by the hash of the key presented; both compared in constant time. */
	private Optional<Caller> operator(String hash) {
		if (adminKey.matchesHash(hash)) {
			return Optional.of(new Caller.Admin());
		}
		return metricsKey.matchesHash(hash) ? Optional.of(new Caller.Monitor()) : Optional.empty();
	}

	private static String bearer(HttpServletRequest request) {
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).strip() : null;
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
		Optional<Caller> operator = operator(hash);
		if (operator.isPresent()) {
			return operator;
		}
		return (suspect ? clients.recentlyAuthenticated(hash) : clients.authenticate(hash)).map(Caller.Client::new);
	}

}
