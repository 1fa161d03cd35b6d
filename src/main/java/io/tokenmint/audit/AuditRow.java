package io.tokenmint.audit;

import java.sql.Timestamp;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns an entry into the column values of one {@code audit_event} row. An issued record keeps every value
 * whole: each was validated, and fits its budget. A refused record keeps an excerpt that still says what was
 * asked: at most {@value #FIELD_BYTES} bytes a field and {@value #RECORD_BYTES} bytes of caller-supplied text
 * in all, so that a refusal cannot park an attacker's payload in the audit for the retention period.
 */
final class AuditRow {

	static final String INSERT = """
			INSERT INTO audit_event (occurred_at, caller_kind, caller_id, profile, document_id, layer, user_id,
			  permissions, collaboration_permissions, jti, kid, expires_at, outcome, refusal_code, remote_address, user_agent,
			  truncated)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

	/** A validated id of 256 code points takes at most this many bytes, so issued values are never cut. */
	static final int FIELD_BYTES = 1024;

	static final int RECORD_BYTES = 4096;

	static final int PROFILE_BYTES = 256;

	static final int USER_AGENT_BYTES = 512;

	static final int ADDRESS_BYTES = 64;

	static final int RULE_BYTES = 256;

	private AuditRow() {
	}

	static Object[] of(AuditEntry entry, JsonMapper json) {
		boolean refused = entry.outcome() == AuditEntry.Outcome.REFUSED;
		var budget = new Budget(refused ? RECORD_BYTES : Integer.MAX_VALUE);
		String profile = budget.take(entry.profile(), PROFILE_BYTES);
		String documentId = budget.take(entry.documentId(), FIELD_BYTES);
		String layer = budget.take(entry.layer(), FIELD_BYTES);
		String userId = budget.take(entry.userId(), FIELD_BYTES);
		String permissions = entry.permissions() == null ? null : budget.take(String.join(",", entry.permissions()), FIELD_BYTES);
		String rules = refused ? budget.rulesExcerpt(entry.collaborationPermissions(), json)
				: entry.collaborationPermissions() == null ? null : json.writeValueAsString(entry.collaborationPermissions());
		String userAgent = budget.take(entry.userAgent(), USER_AGENT_BYTES);
		// Microseconds, as the database keeps them: the streamed copy of a record then equals the stored one.
		Timestamp occurredAt = Timestamp.from(entry.occurredAt().truncatedTo(ChronoUnit.MICROS));
		return new Object[] { occurredAt, entry.callerKind(), AuditText.clean(entry.callerId(), FIELD_BYTES),
				profile, documentId, layer, userId, permissions, rules, entry.jti(), entry.kid(),
				entry.expiresAt() == null ? null : Timestamp.from(entry.expiresAt()), entry.outcome().name(), entry.refusalCode(),
				AuditText.clean(entry.remoteAddress(), ADDRESS_BYTES), userAgent, budget.cut };
	}

	/** The record a row of {@link #of} is, as the stream sends it: the export's fields, without the id. */
	static AuditRecord record(Object[] row, JsonMapper json) {
		String permissions = (String) row[7];
		String rules = (String) row[8];
		return new AuditRecord(null, "token", ((Timestamp) row[0]).toInstant(), (String) row[1], (String) row[2], null, null, null,
				(String) row[3], (String) row[4], (String) row[5], (String) row[6], permissions == null ? null : Arrays.asList(permissions.split(",")),
				rules == null ? null : json.readValue(rules, new TypeReference<List<String>>() { }), (String) row[9], (String) row[10],
				row[11] == null ? null : ((Timestamp) row[11]).toInstant(), (String) row[12], (String) row[13], (String) row[14],
				(String) row[15], (Boolean) row[16]);
	}

	/** What is left of a record's allowance, and whether anything had to be cut to fit it. */
	private static final class Budget {

		private int left;

		private boolean cut;

		Budget(int bytes) {
			this.left = bytes;
		}

		String take(String value, int fieldBytes) {
			if (value == null) {
				return null;
			}
			String clean = AuditText.clean(value, Math.min(fieldBytes, left));
			cut |= AuditText.changed(value, clean);
			left = Math.max(0, left - AuditText.utf8Length(clean));
			return clean;
		}

		/** Always valid JSON: whole items, each cleaned, as many as fit; dropping any marks the record cut. */
		String rulesExcerpt(List<String> rules, JsonMapper json) {
			if (rules == null) {
				return null;
			}
			int allowance = Math.min(FIELD_BYTES, left);
			if (allowance < 2) {
				cut |= !rules.isEmpty();
				return null;
			}
			List<String> kept = new ArrayList<>();
			String written = "[]";
			for (String rule : rules) {
				String clean = AuditText.clean(rule, RULE_BYTES);
				kept.add(clean);
				String candidate = json.writeValueAsString(kept);
				if (AuditText.utf8Length(candidate) > allowance) {
					kept.remove(kept.size() - 1);
					cut = true;
					break;
				}
				cut |= AuditText.changed(rule, clean);
				written = candidate;
			}
			left = Math.max(0, left - AuditText.utf8Length(written));
			return written;
		}

	}

}
