package io.tokenmint.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

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

	/** A token request's record as {@link AuditRow#of} stored it, for the stream: the export's fields, without the id. */
	static AuditRecord streamed(Object[] row, JsonMapper json) {
		String permissions = (String) row[7];
		String rules = (String) row[8];
		return new AuditRecord(null, "token", ((Timestamp) row[0]).toInstant(), (String) row[1], (String) row[2], null, null, null,
				(String) row[3], (String) row[4], (String) row[5], (String) row[6], permissions == null ? null : Arrays.asList(permissions.split(",")),
				rules == null ? null : json.readValue(rules, new TypeReference<List<String>>() { }), (String) row[9], (String) row[10],
				row[11] == null ? null : ((Timestamp) row[11]).toInstant(), (String) row[12], (String) row[13], (String) row[14],
				(String) row[15], (Boolean) row[16]);
	}

}
