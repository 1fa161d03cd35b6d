package io.tokenmint.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Counts of recent token requests for the console's overview. Each query reads only the window asked for,
 * through the index on {@code occurred_at}, however many records the audit holds.
 */
@Component
public class AuditStatistics {

	/** Token requests that ended one way, for one profile, in one minute. */
	public record MinuteCount(Instant minute, @Nullable String profile, String outcome, long count) {
	}

	/** How often one refusal code was given. */
	public record CodeCount(String code, long count) {
	}

	private final JdbcTemplate jdbc;

	private final Clock clock;

	AuditStatistics(JdbcTemplate jdbc, Clock clock) {
		this.clock = clock;
		this.jdbc = jdbc;
	}

	public List<MinuteCount> perMinute(Duration window) {
		return jdbc.query("""
				SELECT DATE_TRUNC('MINUTE', occurred_at) AS at_minute, profile, outcome, COUNT(*) AS requests FROM audit_event
				WHERE kind = 'token' AND occurred_at >= ? GROUP BY DATE_TRUNC('MINUTE', occurred_at), profile, outcome
				ORDER BY at_minute""",
				(rs, row) -> new MinuteCount(rs.getTimestamp("at_minute").toInstant(), rs.getString("profile"), rs.getString("outcome"),
						rs.getLong("requests")),
				since(window));
	}

	public List<CodeCount> topRefusals(Duration window, int limit) {
		return jdbc.query("""
				SELECT refusal_code, COUNT(*) AS requests FROM audit_event
				WHERE kind = 'token' AND outcome = 'REFUSED' AND occurred_at >= ? GROUP BY refusal_code
				ORDER BY requests DESC, refusal_code FETCH FIRST %d ROWS ONLY""".formatted(limit),
				(rs, row) -> new CodeCount(rs.getString("refusal_code") == null ? "?" : rs.getString("refusal_code"), rs.getLong("requests")),
				since(window));
	}

	private Timestamp since(Duration window) {
		return Timestamp.from(clock.instant().minus(window));
	}

}
