package io.tokenmint.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import io.tokenmint.problem.InvalidRequest;
import io.tokenmint.problem.ProblemCode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Reads audit records newest first, filtered, a page at a time or as one stream. */
@Component
class AuditQuery {

	static final int DEFAULT_LIMIT = 100;

	static final int MAX_LIMIT = 1000;

	/** Where a subject appears: as the caller, as the token's user, as the target of an admin change. */
	private static final List<String> SUBJECT_COLUMNS = List.of("caller_id", "user_id", "target");

	private final NamedParameterJdbcTemplate jdbc;

	private final NamedParameterJdbcTemplate streaming;

	private final TransactionTemplate readOnly;

	private final JsonMapper json;

	AuditQuery(NamedParameterJdbcTemplate jdbc, DataSource dataSource, PlatformTransactionManager transactions, JsonMapper json) {
		this.jdbc = jdbc;
		JdbcTemplate streamingTemplate = new JdbcTemplate(dataSource);
		// PostgreSQL streams with a cursor only inside a transaction and with a fetch size.
		streamingTemplate.setFetchSize(500);
		this.streaming = new NamedParameterJdbcTemplate(streamingTemplate);
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
		this.json = json;
	}

	/**
	 * @param kind {@code token} or {@code admin}, or {@code null} for both
	 * @param subject a client id or user subject: records where it was the caller, the token's user or an admin change's target
	 * @param cursor the {@code next_cursor} of the previous page
	 */
	record Filter(String kind, String subject, String documentId, String outcome, Instant since, Instant until, Long cursor) {

		Filter {
			if (kind != null) {
				kind = kind.toLowerCase(Locale.ROOT);
				if (!kind.equals("token") && !kind.equals("admin")) {
					throw new InvalidRequest(ProblemCode.INVALID_PARAMETER, "/kind", "kind is token or admin");
				}
			}
			if (outcome != null) {
				outcome = outcome.toUpperCase(Locale.ROOT);
				if (!outcome.equals("ISSUED") && !outcome.equals("REFUSED")) {
					throw new InvalidRequest(ProblemCode.INVALID_PARAMETER, "/outcome", "outcome is ISSUED or REFUSED");
				}
			}
		}

	}

	record Page(List<AuditRecord> items, @com.fasterxml.jackson.annotation.JsonProperty("next_cursor") String nextCursor) {
	}

	Page page(Filter filter, int limit) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new InvalidRequest(ProblemCode.INVALID_PARAMETER, "/limit", "limit is between 1 and " + MAX_LIMIT);
		}
		MapSqlParameterSource params = new MapSqlParameterSource();
		String first = " ORDER BY id DESC FETCH FIRST " + (limit + 1) + " ROWS ONLY";
		String sql;
		if (filter.subject() == null) {
			sql = "SELECT * FROM audit_event" + where(filter, params, null) + first;
		}
		else {
			// One index walk per column the subject may be in, each stopping after a page, instead of an OR that
			// the database answers by sorting every record of the subject (millions for a busy client).
			String ids = SUBJECT_COLUMNS.stream()
				.map(column -> "SELECT id FROM (SELECT id FROM audit_event" + where(filter, params, column) + first
						+ ") " + column + "_page")
				.collect(Collectors.joining(" UNION "));
			sql = "SELECT * FROM audit_event WHERE id IN (" + ids + ")" + first;
		}
		List<AuditRecord> rows = jdbc.query(sql, params, this::map);
		if (rows.size() > limit) {
			return new Page(rows.subList(0, limit), Long.toString(rows.get(limit - 1).id()));
		}
		return new Page(rows, null);
	}

	Optional<AuditRecord> find(long id) {
		return jdbc.query("SELECT * FROM audit_event WHERE id = :id", new MapSqlParameterSource("id", id), this::map).stream().findFirst();
	}

	/** Streams every matching record, newest first, without holding them all in memory. */
	void each(Filter filter, Consumer<AuditRecord> sink) {
		MapSqlParameterSource params = new MapSqlParameterSource();
		String sql = "SELECT * FROM audit_event" + where(filter, params, null) + " ORDER BY id DESC";
		readOnly.executeWithoutResult(status -> streaming.query(sql, params, rs -> {
			sink.accept(map(rs, 0));
		}));
	}

	/** With a subject: matches it in {@code subjectColumn} only, or in any of them where that is null. */
	private static String where(Filter filter, MapSqlParameterSource params, String subjectColumn) {
		StringBuilder where = new StringBuilder(" WHERE 1 = 1");
		if (filter.kind() != null) {
			where.append(" AND kind = :kind");
			params.addValue("kind", filter.kind());
		}
		if (filter.subject() != null) {
			where.append(subjectColumn != null ? " AND " + subjectColumn + " = :subject"
					: " AND (caller_id = :subject OR user_id = :subject OR target = :subject)");
			params.addValue("subject", filter.subject());
		}
		if (filter.documentId() != null) {
			where.append(" AND document_id = :document");
			params.addValue("document", filter.documentId());
		}
		if (filter.outcome() != null) {
			where.append(" AND outcome = :outcome");
			params.addValue("outcome", filter.outcome());
		}
		if (filter.since() != null) {
			where.append(" AND occurred_at >= :since");
			params.addValue("since", Timestamp.from(filter.since()));
		}
		if (filter.until() != null) {
			where.append(" AND occurred_at < :until");
			params.addValue("until", Timestamp.from(filter.until()));
		}
		if (filter.cursor() != null) {
			where.append(" AND id < :cursor");
			params.addValue("cursor", filter.cursor());
		}
		return where.toString();
	}

	private AuditRecord map(ResultSet rs, int row) throws SQLException {
		String permissions = rs.getString("permissions");
		Timestamp expiresAt = rs.getTimestamp("expires_at");
		return new AuditRecord(rs.getLong("id"), rs.getString("kind"), rs.getTimestamp("occurred_at").toInstant(),
				rs.getString("caller_kind"), rs.getString("caller_id"), rs.getString("action"), rs.getString("target"),
				details(rs.getString("details")), rs.getString("profile"), rs.getString("document_id"), rs.getString("layer"),
				rs.getString("user_id"), permissions == null ? null : Arrays.asList(permissions.split(",")),
				rules(rs.getString("collaboration_permissions")), rs.getString("jti"), rs.getString("kid"),
				expiresAt == null ? null : expiresAt.toInstant(), rs.getString("outcome"), rs.getString("refusal_code"),
				rs.getString("remote_address"), rs.getString("user_agent"), rs.getBoolean("truncated"));
	}

	/**
	 * Records written before excerpts were bounded may hold JSON cut mid-way; such a value is shown as the one
	 * string it is, so that one bad row never makes a page or the export fail.
	 */
	private List<String> rules(String stored) {
		if (stored == null) {
			return null;
		}
		try {
			return json.readValue(stored, new TypeReference<List<String>>() { });
		}
		catch (JacksonException ex) {
			return List.of(AuditText.clean(stored, AuditRow.FIELD_BYTES));
		}
	}

	private Object details(String stored) {
		if (stored == null) {
			return null;
		}
		try {
			return json.readValue(stored, Object.class);
		}
		catch (JacksonException ex) {
			return AuditText.clean(stored, AuditRow.FIELD_BYTES);
		}
	}

}
