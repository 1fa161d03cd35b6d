package io.tokenmint.rotation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class PushRepository {

	private final JdbcClient jdbc;

	PushRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<Push> findAll() {
		return jdbc.sql("SELECT * FROM key_push ORDER BY kid, consumer_id, action").query(this::map).list();
	}

	/** Deliveries to required (or optional) consumers that failed their last attempt, for health. */
	int countFailed(boolean required) {
		return jdbc.sql("SELECT COUNT(*) FROM key_push p JOIN key_consumer c ON c.id = p.consumer_id WHERE p.state = 'FAILED' AND c.required = ?")
			.param(required)
			.query(Integer.class)
			.single();
	}

	/**
	 * A delivery not yet attempted, due now; or, when another replica (or an emergency's delivery beside the
	 * schedule's) recorded it first, the one recorded.
	 */
	Push insertPending(String kid, String consumerId, Push.Action action, Instant now) {
		try {
			jdbc.sql("""
					INSERT INTO key_push (kid, consumer_id, action, state, attempts, next_attempt_at, updated_at)
					VALUES (?, ?, ?, 'PENDING', 0, ?, ?)""")
				.params(kid, consumerId, action.name(), Timestamp.from(now), Timestamp.from(now))
				.update();
			return new Push(kid, consumerId, action, Push.State.PENDING, 0, null, now, null, now);
		}
		catch (DuplicateKeyException recordedMeanwhile) {
			return jdbc.sql("SELECT * FROM key_push WHERE kid = ? AND consumer_id = ? AND action = ?")
				.params(kid, consumerId, action.name())
				.query(this::map)
				.single();
		}
	}

	/**
	 * Claims a push for one attempt: its next attempt moves to the end of this attempt's deadline, so that no
	 * other replica (or run) makes the same attempt meanwhile. Whether this caller got it.
	 *
	 * @param whateverTheBackoff an emergency's claim, which takes a push that is waiting out a backoff (or, rarely,
	 *        being attempted elsewhere: a Document Engine given the same key twice holds it once)
	 */
	boolean claim(Push push, Instant now, Instant until, boolean whateverTheBackoff) {
		return jdbc.sql("UPDATE key_push SET next_attempt_at = ?, updated_at = ? WHERE kid = ? AND consumer_id = ? AND action = ? "
				+ "AND state <> 'DONE'" + (whateverTheBackoff ? "" : " AND next_attempt_at <= ?"))
			.params(whateverTheBackoff
					? List.of(Timestamp.from(until), Timestamp.from(now), push.kid(), push.consumerId(), push.action().name())
					: List.of(Timestamp.from(until), Timestamp.from(now), push.kid(), push.consumerId(), push.action().name(), Timestamp.from(now)))
			.update() == 1;
	}

	/** A delivered key whose consumer must hear of it again, to hold it longer. */
	void renew(String kid, String consumerId, Instant now) {
		jdbc.sql("UPDATE key_push SET state = 'PENDING', attempts = 0, next_attempt_at = ?, updated_at = ? WHERE kid = ? AND consumer_id = ? AND action = 'ADD'")
			.params(Timestamp.from(now), Timestamp.from(now), kid, consumerId)
			.update();
	}

	/** A key that retired before this consumer ever had it: too late to deliver, and no longer a failure to report. */
	void drop(Push push) {
		jdbc.sql("DELETE FROM key_push WHERE kid = ? AND consumer_id = ? AND action = ? AND expires_at IS NULL AND state <> 'DONE'")
			.params(push.kid(), push.consumerId(), push.action().name())
			.update();
	}

	void done(Push push, @Nullable Instant expiresAt, Instant now) {
		jdbc.sql("""
				UPDATE key_push SET state = 'DONE', attempts = attempts + 1, expires_at = ?, last_error = NULL, updated_at = ?
				WHERE kid = ? AND consumer_id = ? AND action = ?""")
			.params(expiresAt == null ? null : Timestamp.from(expiresAt), Timestamp.from(now), push.kid(), push.consumerId(),
					push.action().name())
			.update();
	}

	void failed(Push push, String error, Instant nextAttempt, Instant now) {
		jdbc.sql("""
				UPDATE key_push SET state = 'FAILED', attempts = attempts + 1, last_error = ?, next_attempt_at = ?, updated_at = ?
				WHERE kid = ? AND consumer_id = ? AND action = ?""")
			.params(error.length() > 300 ? error.substring(0, 300) : error, Timestamp.from(nextAttempt), Timestamp.from(now), push.kid(),
					push.consumerId(), push.action().name())
			.update();
	}

	private Push map(ResultSet rs, int row) throws SQLException {
		Timestamp expires = rs.getTimestamp("expires_at");
		return new Push(rs.getString("kid"), rs.getString("consumer_id"), Push.Action.valueOf(rs.getString("action")),
				Push.State.valueOf(rs.getString("state")), rs.getInt("attempts"), expires == null ? null : expires.toInstant(),
				rs.getTimestamp("next_attempt_at").toInstant(), rs.getString("last_error"), rs.getTimestamp("updated_at").toInstant());
	}

}
