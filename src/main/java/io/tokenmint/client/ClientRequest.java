package io.tokenmint.client;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Body of {@code POST /admin/clients}.
 *
 * @param maxPermissions {@code "all"} or an array of permission names
 * @param maxExpiresIn seconds; default: the service's default lifetime
 * @param profiles the token profiles it may use; default: the default profile alone
 */
record ClientRequest(@Schema(description = "required when creating; left out of a PATCH, unchanged") String name, @JsonProperty("max_permissions") Object maxPermissions, List<String> documents,
		@JsonProperty("max_expires_in") Long maxExpiresIn, @JsonProperty("may_set_password") Boolean maySetPassword,
		List<String> profiles) {
}
