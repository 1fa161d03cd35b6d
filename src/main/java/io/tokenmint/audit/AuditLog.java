package io.tokenmint.audit;

import java.sql.Timestamp;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes audit entries durably: {@link #record} returns only once the row is committed, and throws when it
 * cannot be, so that no token leaves without its record.
 */
@Component
public class AuditLog {

	private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

	private final JdbcClient jdbc;

	private final JsonMapper json;

	AuditLog(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** @throws AuditUnavailable when the entry could not be committed */
	public void record(AuditEntry entry) {
		try {
			jdbc.sql("""
					INSERT INTO audit_event (occurred_at, caller_kind, caller_id, profile, document_id, layer, user_id,
					  permissions, collaboration_permissions, jti, kid, expires_at, outcome, refusal_code, remote_address, user_agent)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(Timestamp.from(entry.occurredAt()), entry.callerKind(), AuditText.clean(entry.callerId(), 256),
						entry.profile(), AuditText.clean(entry.documentId(), 256), AuditText.clean(entry.layer(), 256),
						AuditText.clean(entry.userId(), 256), joined(entry.permissions()),
						entry.collaborationPermissions() == null ? null
								: AuditText.clean(json.writeValueAsString(entry.collaborationPermissions()), 60_000),
						entry.jti(), entry.kid(), entry.expiresAt() == null ? null : Timestamp.from(entry.expiresAt()),
						entry.outcome().name(), entry.refusalCode(), AuditText.clean(entry.remoteAddress(), 64),
						AuditText.clean(entry.userAgent(), 512))
				.update();
		}
		catch (DataAccessException ex) {
			log.error("Audit write failed ({}); refusing to answer with a token", ex.getClass().getSimpleName());
			throw new AuditUnavailable();
		}
	}

	private static String joined(List<String> permissions) {
		return permissions == null ? null : AuditText.clean(String.join(",", permissions), 200);
	}

}
