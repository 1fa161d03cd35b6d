package io.tokenmint.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.jsonwebtoken.Jwts;
import tools.jackson.databind.json.JsonMapper;

import io.tokenmint.TokenmintProperties;
import io.tokenmint.profile.Finding;
import io.tokenmint.profile.ProfileProperties;
import io.tokenmint.profile.TokenProfiles;
import io.tokenmint.profile.VerifyCheck;
import io.tokenmint.signing.KeyRing;
import io.tokenmint.signing.SigningKey;
import io.tokenmint.signing.TokenAlgorithm;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What verify reports for each profile, in its consumer's terms, without a running service. */
class TokenVerifierTests {

	private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	private static KeyPair pair;

	private final KeyRing keyRing = mock(KeyRing.class);

	private TokenVerifier verifier;

	@BeforeAll
	static void keys() throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		pair = generator.generateKeyPair();
	}

	private TokenVerifier verifier() {
		var sdkUser = new ProfileProperties.SdkUser(true, TokenAlgorithm.RS256, Duration.ofHours(1), null, null, null, Duration.ZERO);
		var profiles = new TokenProfiles(new ProfileProperties(new ProfileProperties.Instant(TokenAlgorithm.RS256, null), sdkUser, sdkUser,
				Map.of()), new TokenmintProperties(null, Duration.ofHours(1), Duration.ofHours(24), Duration.ofMinutes(1), Path.of("data"),
						"instant"));
		var key = new SigningKey("k-1", pair.getPrivate(), pair.getPublic(), TokenAlgorithm.KeyDescription.of(pair.getPublic()), NOW.plusSeconds(86_400));
		when(keyRing.find(anyString())).thenReturn(Optional.empty());
		when(keyRing.find("k-1")).thenReturn(Optional.of(key));
		return new TokenVerifier(keyRing, profiles, JsonMapper.builder().build(), Duration.ofMinutes(1), Clock.fixed(NOW, ZoneOffset.UTC));
	}

	private static String token(String kid, Map<String, Object> claims, Instant expires) {
		return Jwts.builder().header().keyId(kid).type("JWT").and().claims(claims).issuedAt(Date.from(NOW.minusSeconds(10)))
			.expiration(Date.from(expires)).signWith(pair.getPrivate(), Jwts.SIG.RS256).compact();
	}

	private static List<VerifyCheck> codes(TokenVerifier.Report report) {
		return report.problems().stream().map(Finding::code).toList();
	}

	@Test
	void findsAGoodInstantTokenValidAndWarnsWhereMobileAppsNeedMore() {
		var report = verifier().verify(token("k-1", Map.of("document_id", "d", "permissions", List.of("read-document")), NOW.plusSeconds(600)),
				null, null);
		assertThat(report.valid()).isTrue();
		assertThat(report.profile()).isEqualTo("instant");
		assertThat(report.warnings()).extracting(Finding::code).containsExactly(VerifyCheck.MISSING_PERMISSION_FOR_MOBILE);
	}

	@Test
	void reportsMoEngageProblemsInMoEngagesTerms() {
		var verifier = verifier();
		String expired = token("k-1", Map.of("sub", "customer-42"), NOW.minusSeconds(3600));
		assertThat(codes(verifier.verify(expired, "moengage", null))).containsExactly(VerifyCheck.TIME_CONSTRAINT_FAILURE);
		String good = token("k-1", Map.of("sub", "customer-42"), NOW.plusSeconds(600));
		assertThat(codes(verifier.verify(good, null, "customer-41"))).as("inferred as moengage").containsExactly(VerifyCheck.IDENTIFIER_MISMATCH);
		assertThat(verifier.verify(good, "moengage", "customer-42").valid()).isTrue();
		assertThat(codes(verifier.verify(token("k-2", Map.of("sub", "u"), NOW.plusSeconds(600)), "moengage", null)))
			.containsExactly(VerifyCheck.INVALID_SIGNATURE);
	}

	@Test
	void reportsBrazeProblemsInBrazesTerms() {
		var verifier = verifier();
		assertThat(codes(verifier.verify(token("k-1", Map.of("sub", "u"), NOW.minusSeconds(3600)), "braze", null)))
			.containsExactly(VerifyCheck.EXPIRED);
		assertThat(codes(verifier.verify(token("k-1", Map.of("sub", "u"), NOW.plusSeconds(600)), "braze", "v")))
			.containsExactly(VerifyCheck.SUBJECT_MISMATCH);
		assertThat(codes(verifier.verify(token("k-9", Map.of("sub", "u"), NOW.plusSeconds(600)), "braze", null)))
			.containsExactly(VerifyCheck.NO_MATCHING_PUBLIC_KEYS);
		String noExpiry = Jwts.builder().header().keyId("k-1").type("JWT").and().subject("u").signWith(pair.getPrivate(), Jwts.SIG.RS256)
			.compact();
		assertThat(codes(verifier.verify(noExpiry, "braze", null))).containsExactly(VerifyCheck.EXPIRATION_REQUIRED);
		String noType = Jwts.builder().header().keyId("k-1").and().subject("u").issuedAt(Date.from(NOW)).expiration(Date.from(NOW.plusSeconds(600)))
			.signWith(pair.getPrivate(), Jwts.SIG.RS256).compact();
		assertThat(codes(verifier.verify(noType, "braze", null))).as("Braze requires typ").containsExactly(VerifyCheck.INCORRECT_ALGORITHM);
		assertThat(verifier.verify(noType, "moengage", null).valid()).as("MoEngage does not").isTrue();
	}

	@Test
	void refusesATokenMeantForAnotherConsumer() {
		var report = verifier().verify(token("k-1", Map.of("sub", "u", "aud", "chat"), NOW.plusSeconds(600)), "moengage", null);
		assertThat(report.valid()).isFalse();
		assertThat(report.problems()).extracting(Finding::message).anyMatch(message -> message.contains("aud"));
	}

	@Test
	void neverShowsThePassword() {
		var report = verifier().verify(token("k-1", Map.of("document_id", "d", "permissions", "all", "password", "hunter2"),
				NOW.plusSeconds(600)), null, null);
		assertThat(report.claims()).containsEntry("password", "***");
		assertThat(report.toString()).doesNotContain("hunter2");
	}

}
