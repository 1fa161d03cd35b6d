package io.tokenmint.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.tokenmint.caller.Caller;
import io.tokenmint.validation.HeaderText;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

/** How an identity token becomes an end user. */
class EndUserTokensTests {

	private static final UsersProperties USERS = new UsersProperties("tokenmint", "aud", null, false, false, "groups", "name");

	private static Caller.EndUser user(Object groups) {
		Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").subject("alice").claim("groups", groups).issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(60)).build();
		return (Caller.EndUser) ((CallerAuthentication) EndUserTokens.converter(USERS).convert(jwt)).getPrincipal();
	}

	@Test
	void readsAGroupsStringAsOneGroupWhoseNameMayHoldSpaces() {
		assertThat(user("Finance Admins").groups()).containsExactly("Finance Admins");
	}

	@Test
	void readsAGroupsArrayAndSkipsWhatIsNoGroupName() {
		assertThat(user(List.of("a", "Finance Admins", "", 7, "b")).groups()).containsExactly("a", "Finance Admins", "b");
	}

	@Test
	void acceptsOnlyFieldValuesHttpAllowsInHeaders() {
		assertThat(SecurityConfiguration.isFieldValue("MyApp/1.0 (Bj\u00C3\u00B6rn\u00E2\u0080\u0099s iPhone)\t")).isTrue();
		assertThat(SecurityConfiguration.isFieldValue("a\u0000b")).isFalse();
		assertThat(SecurityConfiguration.isFieldValue("a\rb")).isFalse();
		assertThat(SecurityConfiguration.isFieldValue("a\u007Fb")).isFalse();
		assertThat(SecurityConfiguration.isFieldValue("\u0100")).isFalse();
	}

	@Test
	void readsUtf8HeaderBytesAsTheTextTheyEncode() {
		assertThat(HeaderText.decode("MyApp/1.0 (Bj\u00C3\u00B6rn\u00E2\u0080\u0099s iPhone)")).isEqualTo("MyApp/1.0 (Bj\u00F6rn\u2019s iPhone)");
		assertThat(HeaderText.decode("caf\u00E9")).as("not UTF-8: kept as ISO-8859-1 gave it").isEqualTo("caf\u00E9");
		assertThat(HeaderText.decode("plain")).isEqualTo("plain");
	}

}
