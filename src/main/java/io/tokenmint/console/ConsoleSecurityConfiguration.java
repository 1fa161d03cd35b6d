package io.tokenmint.console;

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.DispatcherType;

import io.tokenmint.audit.AdminEvents;
import io.tokenmint.client.AdminKey;
import io.tokenmint.ratelimit.Throttles;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * The console's own chain, before the API's: a browser session (the API stays stateless), CSRF tokens on every
 * form, a Content-Security-Policy that allows no inline script and nothing from another origin, and sign-in with
 * the admin key or, when one is configured, the operators' identity provider.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration {

	/** Everything is served by tokenmint itself; styles and scripts come from files, never inline. */
	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
			+ "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

	@Bean
	@Order(1)
	SecurityFilterChain console(HttpSecurity http, AdminKey adminKey, Throttles throttles, AdminEvents events,
			ConsoleProperties properties, ObjectProvider<ClientRegistrationRepository> identityProvider,
			SessionRepository<? extends Session> sessions) throws Exception {
		ConsoleSignIns signIns = new ConsoleSignIns(events, properties);
		boolean withIdentityProvider = identityProvider.getIfAvailable() != null;
		IdentityProviderAdmins admins = new IdentityProviderAdmins(properties);
		List<AuthenticationProvider> providers = new ArrayList<>();
		providers.add(new AdminKeySignIn(adminKey, throttles));
		if (withIdentityProvider) {
			providers.add(new OidcAuthorizationCodeAuthenticationProvider(new RestClientAuthorizationCodeTokenResponseClient(), admins));
		}
		// The console's own providers and no others: no parent manager, so nothing else can ever sign anyone in here.
		http.securityMatcher("/console", "/console/**", "/webjars/**", "/oauth2/authorization/**", "/login/oauth2/**")
			.authenticationManager(new ProviderManager(providers))
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
			.requestCache(cache -> cache.disable())
			.httpBasic(basic -> basic.disable())
			.formLogin(form -> form.loginPage(ConsoleSignIns.SIGN_IN_PAGE)
				.loginProcessingUrl(ConsoleSignIns.SIGN_IN_PAGE)
				.passwordParameter("admin_key")
				.successHandler(signIns)
				.failureHandler(signIns))
			.logout(logout -> logout.logoutUrl("/console/sign-out")
				.addLogoutHandler(signIns)
				.invalidateHttpSession(true)
				.deleteCookies("TOKENMINT_CONSOLE")
				.logoutSuccessUrl(ConsoleSignIns.SIGN_IN_PAGE + "?signed-out"))
			.headers(headers -> headers
				.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
				.permissionsPolicyHeader(permissions -> permissions.policy("camera=(), microphone=(), geolocation=()")))
			.exceptionHandling(errors -> errors
				// htmx follows redirects inside the page; tell it to load the sign-in page instead.
				.defaultAuthenticationEntryPointFor((request, response, ex) -> {
					response.setHeader("HX-Redirect", ConsoleSignIns.SIGN_IN_PAGE);
					response.setStatus(HttpStatus.UNAUTHORIZED.value());
				}, new RequestHeaderRequestMatcher("HX-Request"))
				.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint(ConsoleSignIns.SIGN_IN_PAGE),
						request -> true)
				.accessDeniedHandler(denied()))
			.authorizeHttpRequests(requests -> {
				if (!properties.enabled()) {
					requests.anyRequest().denyAll();
					return;
				}
				// The audit export resumes in an async dispatch of a request already authorized.
				requests.dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
					.requestMatchers(HttpMethod.GET, ConsoleSignIns.SIGN_IN_PAGE, "/console/assets/**", "/webjars/**").permitAll()
					.requestMatchers("/console/**", "/console").hasRole("ADMIN")
					.anyRequest().authenticated();
			});
		if (withIdentityProvider) {
			http.oauth2Login(login -> login.loginPage(ConsoleSignIns.SIGN_IN_PAGE)
				.authorizationEndpoint(endpoint -> endpoint.authorizationRequestRepository(new BrowserBoundAuthorizationRequests(sessions)))
				.successHandler(signIns)
				.failureHandler(signIns));
		}
		return http.build();
	}

	/** A refused form (no or a stale CSRF token) or page gets the console's own 403 page. */
	private static AccessDeniedHandlerImpl denied() {
		AccessDeniedHandlerImpl handler = new AccessDeniedHandlerImpl();
		handler.setErrorPage("/console/denied");
		return handler;
	}

}
