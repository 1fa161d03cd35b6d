package io.tokenmint.security;

import java.util.List;

import jakarta.servlet.DispatcherType;

import io.tokenmint.client.AdminKey;
import io.tokenmint.client.ApiClientService;
import io.tokenmint.client.MetricsKey;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.ratelimit.AnonymousRateLimit;
import io.tokenmint.ratelimit.FailedAuthenticationThrottle;
import io.tokenmint.ratelimit.Throttles;
import io.tokenmint.web.Problems;
import io.tokenmint.web.RequestIds;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * Deny by default: each endpoint names who may call it and everything else is refused. Stateless, no
 * cookies, so no CSRF token; 401 and 403 answers carry the same problem body as every other error.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	/** Whatever a verifier, a monitor or an integrator reads without a key. */
	private static final String[] PUBLIC = { "/.well-known/jwks.json", "/keys/**", "/actuator/health", "/actuator/health/**",
			"/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**", "/favicon.ico" };

	@Bean
	SecurityFilterChain api(HttpSecurity http, AdminKey adminKey, MetricsKey metricsKey, ApiClientService clients, Problems problems,
			ObjectProvider<JwtDecoder> identityProvider, UsersProperties users, CorsProperties cors, Throttles throttles,
			@Value("${tokenmint.bench.ladder:false}") boolean ladder) throws Exception {
		// Spring's CORS filter, answering a refused origin as a problem rather than its bare text 403.
		CorsFilter corsFilter = new CorsFilter(corsFor(cors));
		corsFilter.setCorsProcessor(new ProblemCorsProcessor(problems));
		http.addFilter(corsFilter);
		var apiKeys = new ApiKeyAuthenticationFilter(adminKey, metricsKey, clients, problems, throttles);
		if (identityProvider.getIfAvailable() != null) {
			// Signed-in app users: only when an identity provider is configured (spring.security.oauth2.resourceserver.jwt.*).
			var bearerChallenge = new BearerTokenAuthenticationEntryPoint();
			var bearers = new DefaultBearerTokenResolver();
			http.oauth2ResourceServer(server -> server
				// Prometheus' metrics key comes as a bearer too; it is the API-key filter's, not a user's token.
				.bearerTokenResolver(request -> {
					String token = bearers.resolve(request);
					return token != null && ApiKeyAuthenticationFilter.METRICS.equals(request.getRequestURI()) && apiKeys.scrapesMetrics(token)
							? null : token;
				})
				.jwt(jwt -> jwt.jwtAuthenticationConverter(EndUserTokens.converter(users)))
				.authenticationEntryPoint((request, response, ex) -> {
					throttles.failedAuthentication(request.getRemoteAddr());
					bearerChallenge.commence(request, response, ex);
					problems.write(ProblemCode.INVALID_BEARER_TOKEN, "The bearer token is not valid: expired, wrongly signed, "
							+ "or from another issuer or audience.", request, response);
				}));
			http.addFilterBefore(new FailedAuthenticationThrottle(throttles), BearerTokenAuthenticationFilter.class);
		}
		http.csrf(csrf -> csrf.disable())
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.httpBasic(basic -> basic.disable())
			.formLogin(form -> form.disable())
			.logout(logout -> logout.disable())
			.requestCache(cache -> cache.disable())
			.addFilterBefore(apiKeys, AnonymousAuthenticationFilter.class)
			.addFilterBefore(new AnonymousRateLimit(throttles), AuthorizationFilter.class)
			.authorizeHttpRequests(requests -> {
				// A streamed answer (the audit export) resumes in an async dispatch of a request already authorized.
				requests.dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
				// HEAD wherever GET is public: caches, CDNs and uptime monitors ask with it.
				.requestMatchers(HttpMethod.GET, PUBLIC).permitAll()
				.requestMatchers(HttpMethod.HEAD, PUBLIC).permitAll()
				// OPTIONS answers which methods a path takes (Allow), and holds nothing else.
				.requestMatchers(HttpMethod.OPTIONS).permitAll()
				.requestMatchers(HttpMethod.GET, ApiKeyAuthenticationFilter.METRICS).hasAnyRole("ADMIN", "MONITOR")
				.requestMatchers("/actuator/**").hasRole("ADMIN")
				.requestMatchers("/error").permitAll()
				.requestMatchers("/admin/**").hasRole("ADMIN")
				.requestMatchers(HttpMethod.POST, "/tokens").hasAnyRole("CLIENT", "USER")
				.requestMatchers(HttpMethod.POST, "/tokens/verify").hasAnyRole("CLIENT", "ADMIN")
				// Another method on a path that exists is answered 405 with Allow by the handler, not 403 here; no
				// handler takes it, so nothing is served.
				.requestMatchers("/tokens", "/tokens/verify", "/.well-known/jwks.json", "/keys/**").permitAll();
				// The benchmark's cost ladder (bench/run.sh), only where tokenmint.bench.ladder=true.
				if (ladder) {
					requests.requestMatchers(HttpMethod.POST, "/bench/ladder/**").hasRole("CLIENT");
				}
				requests.anyRequest().denyAll();
			})
			.exceptionHandling(errors -> errors
				.authenticationEntryPoint((request, response, ex) -> {
					response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "ApiKey header=\"X-Api-Key\", Bearer");
					problems.write(ProblemCode.UNAUTHENTICATED, "Send an API key in X-Api-Key or a bearer token.", request, response);
				})
				.accessDeniedHandler((request, response, ex) -> problems.write(ProblemCode.ACCESS_DENIED, deniedBecause(request),
						request, response)));
		return http.build();
	}

	/** Why these credentials do not reach this path, and which would: the caller is known, so that is no secret. */
	static String deniedBecause(jakarta.servlet.http.HttpServletRequest request) {
		var authentication = org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication();
		Object caller = authentication == null ? null : authentication.getPrincipal();
		String path = request.getRequestURI();
		boolean admin = path.startsWith("/admin/") || path.equals("/admin") || path.startsWith("/actuator/");
		if (caller instanceof io.tokenmint.caller.Caller.Admin && path.startsWith("/tokens")) {
			return "The admin key manages tokenmint and is issued no tokens: create an API client (POST /admin/clients) and use its key.";
		}
		if (caller instanceof io.tokenmint.caller.Caller.Client && admin) {
			return "An API client's key cannot manage tokenmint: /admin/** and /actuator/** take the admin key.";
		}
		if (caller instanceof io.tokenmint.caller.Caller.Monitor) {
			return "The metrics key reads GET /actuator/prometheus and nothing else.";
		}
		if (caller instanceof io.tokenmint.caller.Caller.EndUser) {
			return "A signed-in user may ask for tokens (POST /tokens) and nothing else.";
		}
		return "These credentials do not allow this request.";
	}

	/**
	 * The firewall's header-value rule, relaxed to what HTTP allows: Tomcat hands over header bytes as
	 * ISO-8859-1, so a UTF-8 {@code User-Agent} such as {@code Björn’s iPhone} holds characters in U+0080-U+009F,
	 * which the default rule rejects as controls, and it does so lazily, when a controller reads the header.
	 * Control characters other than tab still never pass. Everything else the firewall checks (paths,
	 * methods, header names) stays at its strict default.
	 */
	@Bean
	HttpFirewall firewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderValues(SecurityConfiguration::isFieldValue);
		return firewall;
	}

	/** RFC 9110, section 5.5: visible characters, space, tab and obs-text (0x80-0xFF). */
	static boolean isFieldValue(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if ((c < 0x20 && c != '\t') || c == 0x7F || c > 0xFF) {
				return false;
			}
		}
		return true;
	}

	/** A request the firewall refuses gets the same problem body as every other error, never a bare 400 or 500. */
	@Bean
	RequestRejectedHandler requestRejected(Problems problems) {
		return (request, response, ex) -> problems.write(ProblemCode.REQUEST_REJECTED,
				"The request's path, method or headers are malformed.", request, response);
	}

	/**
	 * An observation around each security filter costs more per request than it tells, and switching them
	 * off by property still wraps every filter; request latency is measured as http.server.requests anyway.
	 */
	@Bean
	SecurityObservationSettings securityObservations() {
		return SecurityObservationSettings.noObservations();
	}

	/** Only POST /tokens is offered to browsers, and only to the configured origins; API keys stay out of browsers. */
	private static UrlBasedCorsConfigurationSource corsFor(CorsProperties properties) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		if (!properties.allowedOrigins().isEmpty()) {
			CorsConfiguration tokens = new CorsConfiguration();
			tokens.setAllowedOrigins(properties.allowedOrigins());
			tokens.setAllowedMethods(List.of("POST"));
			tokens.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT, RequestIds.HEADER));
			tokens.setExposedHeaders(List.of(RequestIds.HEADER));
			tokens.setAllowCredentials(false);
			tokens.setMaxAge(properties.maxAge());
			source.registerCorsConfiguration("/tokens", tokens);
		}
		return source;
	}

}
