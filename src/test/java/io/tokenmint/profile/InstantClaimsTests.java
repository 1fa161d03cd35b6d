package io.tokenmint.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class InstantClaimsTests {

	@Test
	void emitsOnlyRequiredClaimsWhenNothingElseIsGiven() {
		var decision = new InstantDecision("doc-42", null, null, PermissionSet.fromNames(List.of("read-document")), null, null,
				null, null, Duration.ofHours(1));
		assertThat(InstantClaims.from(decision)).containsOnlyKeys("document_id", "permissions")
			.containsEntry("document_id", "doc-42")
			.containsEntry("permissions", List.of("read-document"));
	}

	@Test
	void namesEveryOptionalClaimAsDocumentEngineExpects() {
		var decision = new InstantDecision("doc-42", "review", "alice", PermissionSet.ALL, "Alice Liddell", "reviewers",
				List.of(CollaborationRule.parse("annotations:edit:self").rule().get()), "pdf-pass", Duration.ofHours(1));
		assertThat(InstantClaims.from(decision)).containsEntry("layer", "review")
			.containsEntry("user_id", "alice")
			.containsEntry("permissions", "all")
			.containsEntry("creator_name", "Alice Liddell")
			.containsEntry("default_group", "reviewers")
			.containsEntry("collaboration_permissions", List.of("annotations:edit:self"))
			.containsEntry("password", "pdf-pass")
			.doesNotContainKey("group");
	}

	@Test
	void keepsAnEmptyRuleListBecauseItMeansNothingIsAllowed() {
		var decision = new InstantDecision("d", null, "alice", PermissionSet.ALL, null, null, List.of(), null, Duration.ofHours(1));
		assertThat(InstantClaims.from(decision)).containsEntry("collaboration_permissions", List.of());
	}

}
