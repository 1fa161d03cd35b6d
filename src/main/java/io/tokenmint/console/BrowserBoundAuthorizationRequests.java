package io.tokenmint.console;

import java.time.Duration;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * Keeps a sign-in's OAuth2 authorization request between the redirect to the identity provider and its redirect
 * back. Spring keeps it in the HTTP session by default, but the console's session cookie is {@code SameSite=Strict},
 * so the browser does not send it on the way back from another site. Here the request goes into a session of its
 * own in the shared session store (so the way back may reach any replica), named by a short-lived
 * {@code SameSite=Lax} cookie, which a top-level navigation back does carry. The cookie binds the sign-in to the
 * browser that started it: a {@code state} and {@code code} replayed into someone else's browser (login CSRF)
 * find nothing there.
 */
final class BrowserBoundAuthorizationRequests implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

	static final String COOKIE = "TOKENMINT_SIGN_IN";

	private static final String ATTRIBUTE = "authorization-request";

	private static final Duration LIFETIME = Duration.ofMinutes(5);

	private static final String PATH = "/login/oauth2/";

	private final SessionRepository<Session> store;

	@SuppressWarnings("unchecked")
	BrowserBoundAuthorizationRequests(SessionRepository<? extends Session> store) {
		this.store = (SessionRepository<Session>) store;
	}

	@Override
	public @Nullable OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
		Session pending = find(request);
		return pending == null ? null : pending.getAttribute(ATTRIBUTE);
	}

	@Override
	public void saveAuthorizationRequest(@Nullable OAuth2AuthorizationRequest authorizationRequest, HttpServletRequest request,
			HttpServletResponse response) {
		if (authorizationRequest == null) {
			removeAuthorizationRequest(request, response);
			return;
		}
		Session pending = store.createSession();
		pending.setMaxInactiveInterval(LIFETIME);
		pending.setAttribute(ATTRIBUTE, authorizationRequest);
		store.save(pending);
		writeCookie(pending.getId(), LIFETIME, request, response);
	}

	@Override
	public @Nullable OAuth2AuthorizationRequest removeAuthorizationRequest(HttpServletRequest request, HttpServletResponse response) {
		Session pending = find(request);
		if (pending == null) {
			return null;
		}
		store.deleteById(pending.getId());
		writeCookie("", Duration.ZERO, request, response);
		return pending.getAttribute(ATTRIBUTE);
	}

	/** The pending sign-in this browser started, if the identity provider's answer names its {@code state}. */
	private @Nullable Session find(HttpServletRequest request) {
		String state = request.getParameter(OAuth2ParameterNames.STATE);
		String id = cookie(request);
		if (state == null || id == null || id.isEmpty() || id.length() > 64) {
			return null;
		}
		Session pending = store.findById(id);
		if (pending == null || !(pending.getAttribute(ATTRIBUTE) instanceof OAuth2AuthorizationRequest saved)
				|| !state.equals(saved.getState())) {
			return null;
		}
		return pending;
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
