package io.tokenmint.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.tokenmint.TokenmintProperties;
import io.tokenmint.audit.AuditEntry;
import io.tokenmint.audit.AuditLog;
import io.tokenmint.audit.AuditUnavailable;
import io.tokenmint.caller.Caller;
import io.tokenmint.client.ApiClient;
import io.tokenmint.document.DocumentPattern;
import io.tokenmint.document.PermissionSet;
import io.tokenmint.policy.AccessPolicy;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.ProblemException;
import io.tokenmint.profile.ProfileProperties;
import io.tokenmint.profile.TokenProfiles;
import io.tokenmint.signing.TokenAlgorithm;
import io.tokenmint.signing.TokenSigner;
import io.tokenmint.validation.RequestFields;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The issuing path for any profile: what is signed and what is audited, issued or refused. */
class IssuingPipelineTests {

	private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

	private final TokenSigner signer = mock(TokenSigner.class);

	private final AuditLog audit = mock(AuditLog.class);

	private final AccessPolicy policy = mock(AccessPolicy.class, org.mockito.Mockito.CALLS_REAL_METHODS);

	private final Caller.Client backend = new Caller.Client(new ApiClient("c-1", "backend", PermissionSet.ALL,
			List.of(new DocumentPattern("*")), Duration.ofHours(2), false, Set.of("instant", "moengage"), NOW, null));

	private final RequestOrigin origin = new RequestOrigin("127.0.0.1", "tests");

	private IssuingPipeline pipeline(Duration backdate) {
		var sdkUser = new ProfileProperties.SdkUser(true, TokenAlgorithm.RS256, Duration.ofHours(1), null, null, null, backdate);
		var profiles = new TokenProfiles(new ProfileProperties(new ProfileProperties.Instant(TokenAlgorithm.ES256, null), sdkUser, sdkUser,
				Map.of()), new TokenmintProperties("https://tokenmint.test", Duration.ofHours(1), Duration.ofHours(24), Duration.ofMinutes(1),
						Path.of("data"), "instant"));
		when(signer.sign(any(), any(), any(), any())).thenAnswer(call -> {
			TokenSigner.UnsignedToken token = call.getArgument(3);
			return new TokenSigner.SignedToken("header.payload.signature", "k-1", (TokenAlgorithm) call.getArgument(1), token.jti(), token.issuedAt(),
					token.expiresAt());
		});
		return new IssuingPipeline(profiles, policy, signer, audit, new SimpleMeterRegistry(), Clock.fixed(NOW, ZoneOffset.UTC));
	}

	private static RequestFields fields(Object... pairs) {
		Map<String, Object> values = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			values.put((String) pairs[i], pairs[i + 1]);
		}
		return new RequestFields(values);
	}

	@Test
	void signsWhatTheProfileBuiltWithItsAlgorithmAndAuditsTheIssue() {
		var issued = pipeline(Duration.ZERO).issue(backend, fields("document_id", "doc-42", "user_id", "alice"), origin);
		var unsigned = ArgumentCaptor.forClass(TokenSigner.UnsignedToken.class);
		verify(signer).sign(eq("instant"), eq(TokenAlgorithm.ES256), isNull(), unsigned.capture());
		assertThat(new LinkedHashMap<String, Object>(unsigned.getValue().claims())).containsEntry("document_id", "doc-42").containsEntry("user_id", "alice");
		assertThat(unsigned.getValue().issuer()).isEqualTo("https://tokenmint.test");
		assertThat(issued.lifetime()).isEqualTo(Duration.ofHours(1));
		var entry = ArgumentCaptor.forClass(AuditEntry.class);
		verify(audit).record(entry.capture(), any());
		assertThat(entry.getValue().outcome()).isEqualTo(AuditEntry.Outcome.ISSUED);
		assertThat(entry.getValue().documentId()).isEqualTo("doc-42");
		assertThat(entry.getValue().jti()).isEqualTo(issued.token().jti());
	}

	@Test
	void backdatesIssuedAtForConsumersWhoseClocksRunBehindWithoutShorteningTheToken() {
		var issued = pipeline(Duration.ofSeconds(30)).issue(backend, fields("profile", "moengage", "user_id", "customer-7"), origin);
		assertThat(issued.token().issuedAt()).isEqualTo(NOW.minusSeconds(30));
		assertThat(issued.token().expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
		assertThat(issued.lifetime()).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void auditsEveryRefusalWithItsCodeAndNeverSigns() {
		var pipeline = pipeline(Duration.ZERO);
		assertThatExceptionOfType(ProblemException.class)
			.isThrownBy(() -> pipeline.issue(backend, fields("profile", "braze", "user_id", "u"), origin))
			.satisfies(ex -> assertThat(ex.code()).as("braze is not among the client's profiles").isEqualTo(ProblemCode.PROFILE_NOT_ALLOWED));
		assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> pipeline.issue(backend, fields("profile", "nope"), origin))
			.satisfies(ex -> assertThat(ex.code()).isEqualTo(ProblemCode.UNKNOWN_PROFILE));
		assertThatExceptionOfType(ProblemException.class)
			.isThrownBy(() -> pipeline.issue(backend, fields("document_id", "d", "expires_in", 86_400), origin))
			.satisfies(ex -> assertThat(ex.code()).isEqualTo(ProblemCode.EXPIRES_IN_NOT_ALLOWED));
		var entries = ArgumentCaptor.forClass(AuditEntry.class);
		verify(audit, times(3)).record(entries.capture());
		assertThat(entries.getAllValues()).extracting(AuditEntry::refusalCode).containsExactly("PROFILE_NOT_ALLOWED", "UNKNOWN_PROFILE",
				"EXPIRES_IN_NOT_ALLOWED");
		assertThat(entries.getAllValues()).extracting(AuditEntry::profile).containsExactly("braze", "nope", "instant");
		verify(signer, times(0)).sign(any(), any(), any(), any());
	}

	@Test
	void givesNoTokenAndTriesNoSecondRecordWhenTheRecordCannotBeWritten() {
		var pipeline = pipeline(Duration.ZERO);
		doThrow(mock(AuditUnavailable.class)).when(audit).record(any(), any());
		assertThatExceptionOfType(AuditUnavailable.class).isThrownBy(() -> pipeline.issue(backend, fields("document_id", "d"), origin));
		verify(audit, times(1)).record(any(), any());
		verify(audit, never()).record(any());
	}

}
