package io.tokenmint.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class IdentityProviderAdminsTests {

	@Test
	void anAdminHoldsTheGroupInTheConfiguredClaim() {
		assertThat(IdentityProviderAdmins.isAdmin(Map.of("groups", List.of("staff", "ops")), "groups", "ops")).isTrue();
		assertThat(IdentityProviderAdmins.isAdmin(Map.of("role", "ops"), "role", "ops")).isTrue();
		assertThat(IdentityProviderAdmins.isAdmin(Map.of("realm_access", Map.of("roles", List.of("ops"))), "realm_access.roles", "ops"))
			.isTrue();
	}

	@Test
	void nobodyElseIsOne() {
		assertThat(IdentityProviderAdmins.isAdmin(Map.of("groups", List.of("staff")), "groups", "ops")).isFalse();
		assertThat(IdentityProviderAdmins.isAdmin(Map.of("groups", List.of("ops-team")), "groups", "ops")).as("no prefix match").isFalse();
		assertThat(IdentityProviderAdmins.isAdmin(Map.of("roles", List.of("ops")), "groups", "ops")).as("another claim").isFalse();
		assertThat(IdentityProviderAdmins.isAdmin(Map.of("realm_access", "ops"), "realm_access.roles", "ops")).isFalse();
		assertThat(IdentityProviderAdmins.isAdmin(Map.of("groups", List.of("ops")), "groups", null)).as("no admin group set").isFalse();
		assertThat(IdentityProviderAdmins.isAdmin(Map.of("groups", List.of("")), "groups", "")).isFalse();
	}

}
