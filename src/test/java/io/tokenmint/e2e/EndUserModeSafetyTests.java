package io.tokenmint.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.tokenmint.support.Replica;
import io.tokenmint.support.TestApi;
import io.tokenmint.support.TestIdentityProvider;

import org.junit.jupiter.api.Test;

/** With end users enabled, the service starts only when an identity token's issuer and audience are checked. */
class EndUserModeSafetyTests {

	private static final TestIdentityProvider IDP = TestIdentityProvider.SHARED;

	private static Map<String, Object> settings() throws Exception {
		Path dir = Files.createTempDirectory("tokenmint-users");
		Map<String, Object> properties = Replica.settings(dir, "users-admin-key-0123456789abcdef");
		properties.put("spring.datasource.url", "jdbc:h2:mem:users-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
		properties.put("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", IDP.jwkSetUri());
		properties.put("logging.level.root", "ERROR");
		return properties;
	}

	@Test
	void refusesToStartWhenNoIssuerIsChecked() throws Exception {
		var properties = settings();
		properties.put("tokenmint.users.audience", TestIdentityProvider.AUDIENCE);
		assertThatThrownBy(() -> Replica.start(properties).close()).hasStackTraceContaining("the issuer of its tokens is checked")
			.hasStackTraceContaining("tokenmint.users.issuer");
	}

	@Test
	void refusesToStartWhenNoAudienceIsChecked() throws Exception {
		var properties = settings();
		properties.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", TestIdentityProvider.ISSUER);
		assertThatThrownBy(() -> Replica.start(properties).close()).hasStackTraceContaining("the audience of its tokens is checked")
			.hasStackTraceContaining("tokenmint.users.audience");
	}

	@Test
	void checksTheIssuerAndAnAudienceInAnotherClaimWhereTheProviderPutsIt() throws Exception {
		var properties = settings();
		properties.put("tokenmint.users.issuer", TestIdentityProvider.ISSUER);
		properties.put("tokenmint.users.audience", "app-client-id");
		properties.put("tokenmint.users.audience-claim", "client_id");
		try (var service = Replica.start(properties)) {
			String admin = "users-admin-key-0123456789abcdef";
			service.api().post("/admin/grants", Map.of("subject", "user:carol", "document_id", "*", "permissions", "all"), TestApi.apiKey(admin));
			// Amazon Cognito's access tokens carry client_id and no aud.
			var cognitoLike = IDP.claims("carol", null, null).audience((String) null).claim("client_id", "app-client-id").build();
			assertThat(service.api().post("/tokens", Map.of("document_id", "d"), TestIdentityProvider.bearer(IDP.token(cognitoLike))).status())
				.isEqualTo(200);
			var otherApp = IDP.claims("carol", null, null).audience((String) null).claim("client_id", "other-app").build();
			assertThat(service.api().post("/tokens", Map.of("document_id", "d"), TestIdentityProvider.bearer(IDP.token(otherApp))).status())
				.isEqualTo(401);
			var otherIssuer = IDP.claims("carol", null, null).issuer("https://evil.test").claim("client_id", "app-client-id").build();
			assertThat(service.api().post("/tokens", Map.of("document_id", "d"), TestIdentityProvider.bearer(IDP.token(otherIssuer))).status())
				.isEqualTo(401);
		}
	}

	@Test
	void startsWithUncheckedIssuerAndAudienceOnlyWhenToldTo() throws Exception {
		var properties = settings();
		properties.put("tokenmint.users.allow-any-issuer", "true");
		properties.put("tokenmint.users.allow-any-audience", "true");
		try (var service = Replica.start(properties)) {
			assertThat(service.api().get("/actuator/health/readiness").status()).isEqualTo(200);
		}
	}

}
