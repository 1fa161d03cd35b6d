package io.tokenmint.audit;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One stored audit record as the admin API shows it: a token request ({@code kind} {@code token}) or an
 * administrative change ({@code admin}, with {@code action}, {@code target} and {@code details}).
 *
 * @param id the stored record's place in the log, for paging; absent from a streamed record, which leaves before
 *        the database numbers it
 * @param truncated the record holds an excerpt of what a refused request sent
 * @param details for admin events, a summary of the change (such as {@code before} and {@code after})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record AuditRecord(@Nullable Long id, String kind, @JsonProperty("occurred_at") Instant occurredAt,
		@JsonProperty("caller_kind") String callerKind, @JsonProperty("caller_id") String callerId, String action, String target,
		Object details, String profile, @JsonProperty("document_id") String documentId, String layer,
		@JsonProperty("user_id") String userId, List<String> permissions,
		@JsonProperty("collaboration_permissions") List<String> collaborationPermissions, String jti, String kid,
		@JsonProperty("expires_at") Instant expiresAt, String outcome, @JsonProperty("refusal_code") String refusalCode,
		@JsonProperty("remote_address") String remoteAddress, @JsonProperty("user_agent") String userAgent,
		@JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean truncated) {

}
