package io.tokenmint.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.tokenmint.audit.AdminEvents;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.LogoutHandler;

/**
 * What happens around a console sign-in: each sign-in, refusal and sign-out is an admin event in the audit, and a
 * session lives only as long as the idle timeout allows.
 */
final class ConsoleSignIns implements AuthenticationSuccessHandler, AuthenticationFailureHandler, LogoutHandler {

	private static final Logger log = LoggerFactory.getLogger(ConsoleSignIns.class);

	static final String SIGN_IN_PAGE = "/console/sign-in";

	/**
	 * After the identity provider's redirect, the browser still counts the navigation as cross-site and would not
	 * send the new {@code SameSite=Strict} cookie on a redirect; a page that moves on by itself starts a same-site
	 * navigation. A meta refresh, because the Content-Security-Policy allows no inline script.
	 */
	private static final byte[] CONTINUE_PAGE = """
			<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=/console">
			<title>Signed in · tokenmint</title></head><body><p><a href="/console">Continue to the console</a></p></body></html>
			""".getBytes(StandardCharsets.UTF_8);

	private final AdminEvents events;

	private final ConsoleProperties properties;

	ConsoleSignIns(AdminEvents events, ConsoleProperties properties) {
		this.events = events;
		this.properties = properties;
	}

	@Override
	public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
			throws IOException {
		request.getSession().setMaxInactiveInterval((int) properties.idleTimeout().toSeconds());
		boolean identityProvider = authentication instanceof OAuth2AuthenticationToken;
		events.recordAs(authentication.getName(), "console.signed_in", "console",
				identityProvider ? Map.of("method", "identity-provider", "registration",
						((OAuth2AuthenticationToken) authentication).getAuthorizedClientRegistrationId()) : Map.of("method", "admin-key"));
		if (identityProvider) {
			response.setContentType(MediaType.TEXT_HTML_VALUE + ";charset=UTF-8");
			response.getOutputStream().write(CONTINUE_PAGE);
		}
		else {
			response.sendRedirect("/console");
		}
	}

	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
			throws IOException {
		String reason;
		if (exception instanceof IdentityProviderAdmins.NotAnAdmin notAnAdmin) {
			events.recordRefused("user", notAnAdmin.subject(), "console.sign_in_refused", "NOT_AN_ADMIN", Map.of("method", "identity-provider"));
			reason = "not-admin";
		}
		else if (exception instanceof AdminKeySignIn.TooManyFailedSignIns) {
			events.recordRefused("anonymous", "anonymous", "console.sign_in_refused", "RATE_LIMITED", Map.of("method", "admin-key"));
			reason = "throttled";
		}
		else if (request.getRequestURI().startsWith("/login/oauth2/")) {
			// Spring's OAuth2 errors name what failed (state, ID token claims, the token endpoint's answer), no secret.
			log.warn("Console sign-in through the identity provider failed: {}", exception.getMessage());
			events.recordRefused("anonymous", "anonymous", "console.sign_in_refused", "IDENTITY_PROVIDER_FAILED",
					Map.of("method", "identity-provider"));
			reason = "failed";
		}
		else {
			events.recordRefused("anonymous", "anonymous", "console.sign_in_refused", "INVALID_ADMIN_KEY", Map.of("method", "admin-key"));
			reason = "wrong-key";
		}
		response.sendRedirect(SIGN_IN_PAGE + "?refused=" + reason);
	}

	@Override
	public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
		if (authentication != null) {
			events.recordAs(authentication.getName(), "console.signed_out", "console", Map.of());
		}
	}

}
