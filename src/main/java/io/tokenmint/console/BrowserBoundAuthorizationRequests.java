package io.tokenmint.console;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;

/**
 * Keeps a sign-in's OAuth2 authorization request between the redirect to the identity provider and its
 * redirect back. Spring keeps it in the HTTP session by default, but the console's session cookie is
 * {@code SameSite=Strict}, so the browser does not send it on the way back from another site. Here the request
 * is kept on the server by its unguessable {@code state}, and bound to the browser that started the sign-in by a
 * random value in a short-lived {@code SameSite=Lax} cookie, which a top-level navigation back does carry: a
 * {@code state} and {@code code} replayed into someone else's browser (login CSRF) finds no match.
 */
final class BrowserBoundAuthorizationRequests implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

	static final String COOKIE = "TOKENMINT_SIGN_IN";

	private static final Duration LIFETIME = Duration.ofMinutes(5);

	private static final String PATH = "/login/oauth2/";

	private final SecureRandom random = new SecureRandom();

	private final Cache<String, Pending> pending = Caffeine.newBuilder().expireAfterWrite(LIFETIME).maximumSize(10_000).build();

	private record Pending(String binding, OAuth2AuthorizationRequest request) {
	}

	@Override
	public @Nullable OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
		Pending match = find(request);
		return match == null ? null : match.request();
	}

	@Override
	public void saveAuthorizationRequest(@Nullable OAuth2AuthorizationRequest authorizationRequest, HttpServletRequest request,
			HttpServletResponse response) {
		if (authorizationRequest == null) {
			removeAuthorizationRequest(request, response);
			return;
		}
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		String binding = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		pending.put(authorizationRequest.getState(), new Pending(binding, authorizationRequest));
		writeCookie(binding, LIFETIME, request, response);
	}

	@Override
	public @Nullable OAuth2AuthorizationRequest removeAuthorizationRequest(HttpServletRequest request, HttpServletResponse response) {
		Pending match = find(request);
		if (match != null) {
			pending.invalidate(match.request().getState());
			writeCookie("", Duration.ZERO, request, response);
		}
		return match == null ? null : match.request();
	}

	private @Nullable Pending find(HttpServletRequest request) {
		String state = request.getParameter(OAuth2ParameterNames.STATE);
		String binding = cookie(request);
		if (state == null || binding == null) {
			return null;
		}
		Pending match = pending.getIfPresent(state);
		if (match == null || !MessageDigest.isEqual(match.binding().getBytes(StandardCharsets.US_ASCII),
				binding.getBytes(StandardCharsets.US_ASCII))) {
			return null;
		}
		return match;
	}

	private static @Nullable String cookie(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return null;
		}
		for (Cookie cookie : cookies) {
			if (COOKIE.equals(cookie.getName())) {
				return cookie.getValue();
			}
		}
		return null;
	}

	private static void writeCookie(String value, Duration maxAge, HttpServletRequest request, HttpServletResponse response) {
		ResponseCookie cookie = ResponseCookie.from(COOKIE, value)
			.path(PATH)
			.httpOnly(true)
			.secure(request.isSecure())
			.sameSite("Lax")
			.maxAge(maxAge)
			.build();
		response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
	}

}
