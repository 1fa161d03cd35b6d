package io.tokenmint.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.tokenmint.TokenmintProperties;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.RequestRefused;
import io.tokenmint.profile.InstantRequest;
import io.tokenmint.profile.PermissionSet;

import org.junit.jupiter.api.Test;

class ClientScopePolicyTests {

	private final ClientScopePolicy policy = new ClientScopePolicy(new TokenmintProperties(null, Duration.ofHours(1),
			Duration.ofHours(24), Duration.ofMinutes(1), Path.of("data"), "instant"));

	private final ApiClient viewerBackend = new ApiClient("c1", "viewer", PermissionSet.fromNames(List.of("read-document", "download")),
			List.of(new DocumentPattern("contracts-*")), Duration.ofMinutes(30), false, java.util.Set.of("instant"), Instant.now(), null);

	private static InstantRequest request(String documentId, PermissionSet permissions, String password, Duration expiresIn) {
		return new InstantRequest(documentId, null, "alice", permissions, null, null, null, password, expiresIn);
	}

	@Test
	void givesTheClientsMaximumWhenNoPermissionsAreNamed() {
		var decision = policy.decide(viewerBackend, request("contracts-1", null, null, null));
		assertThat(decision.permissions().names()).containsExactly("read-document", "download");
	}

	@Test
	void shortensTheDefaultLifetimeToTheClientsMaximum() {
		assertThat(policy.decide(viewerBackend, request("contracts-1", null, null, null)).lifetime()).isEqualTo(Duration.ofMinutes(30));
	}

	@Test
	void refusesADocumentOutsideItsPatterns() {
		assertThatExceptionOfType(RequestRefused.class).isThrownBy(() -> policy.decide(viewerBackend, request("invoice-1", null, null, null)))
			.satisfies(ex -> assertThat(ex.code()).isEqualTo(ProblemCode.DOCUMENT_NOT_ALLOWED));
	}

	@Test
	void refusesAPermissionOutsideItsMaximumNamingIt() {
		assertThatExceptionOfType(RequestRefused.class)
			.isThrownBy(() -> policy.decide(viewerBackend, request("contracts-1", PermissionSet.fromNames(List.of("write")), null, null)))
			.satisfies(ex -> {
				assertThat(ex.code()).isEqualTo(ProblemCode.PERMISSION_NOT_ALLOWED);
				assertThat(ex.getMessage()).contains("write");
			});
		assertThatExceptionOfType(RequestRefused.class)
			.isThrownBy(() -> policy.decide(viewerBackend, request("contracts-1", PermissionSet.ALL, null, null)))
			.satisfies(ex -> assertThat(ex.code()).isEqualTo(ProblemCode.PERMISSION_NOT_ALLOWED));
	}

	@Test
	void refusesALongerLifetimeThanAllowed() {
		assertThatExceptionOfType(RequestRefused.class)
			.isThrownBy(() -> policy.decide(viewerBackend, request("contracts-1", null, null, Duration.ofMinutes(31))))
			.satisfies(ex -> assertThat(ex.code()).isEqualTo(ProblemCode.EXPIRES_IN_NOT_ALLOWED));
	}

	@Test
	void refusesAPasswordUnlessAllowed() {
		assertThatExceptionOfType(RequestRefused.class)
			.isThrownBy(() -> policy.decide(viewerBackend, request("contracts-1", null, "pw", null)))
			.satisfies(ex -> assertThat(ex.code()).isEqualTo(ProblemCode.PASSWORD_NOT_ALLOWED));
	}

}
