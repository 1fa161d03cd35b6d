package io.tokenmint.signing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Key states in SQL, the one place replicas learn which key signs. */
@Repository
class KeyStateRepository {

	private final JdbcClient jdbc;

	KeyStateRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Map<String, KeyStateRecord> findAll() {
		Map<String, KeyStateRecord> states = new LinkedHashMap<>();
		jdbc.sql("SELECT * FROM signing_key_state ORDER BY kid").query(this::map).list().forEach(s -> states.put(s.kid(), s));
		return states;
	}

	/** Records a key seen for the first time; another replica may have been first, which is fine. */
	void insertPublished(String kid, KeyLine line, Instant now) {
		try {
			jdbc.sql("INSERT INTO signing_key_state (kid, algorithm, state, first_published_at, profile) VALUES (?, ?, 'PUBLISHED', ?, ?)")
				.params(kid, line.algorithm().name(), Timestamp.from(now), line.profile())
				.update();
		}
		catch (DuplicateKeyException alreadyThere) {
			// another replica recorded it first
		}
	}

	/**
	 * First start only: activates a key where its algorithm's shared line never had one. Every replica starting
	 * at once picks the same key, so a race changes nothing.
	 */
	@Transactional
	boolean activateFirst(String kid, TokenAlgorithm algorithm, Instant now) {
		jdbc.sql("UPDATE signing_key_state SET state = 'PUBLISHED' WHERE algorithm = ? AND profile IS NULL AND state = 'ACTIVE' AND kid <> ?")
			.params(algorithm.name(), kid)
			.update();
		return jdbc.sql("UPDATE signing_key_state SET state = 'ACTIVE', activated_at = ? WHERE kid = ? AND state IN ('PUBLISHED', 'ACTIVE')")
			.params(Timestamp.from(now), kid)
			.update() == 1;
	}

	/** PUBLISHED to ACTIVE; whether this call made the change. */
	boolean promote(String kid, Instant now) {
		return jdbc.sql("UPDATE signing_key_state SET state = 'ACTIVE', activated_at = ? WHERE kid = ? AND state = 'PUBLISHED'")
			.params(Timestamp.from(now), kid)
			.update() == 1;
	}

	/** ACTIVE back to PUBLISHED (an operator activated another key); whether this call made the change. */
	boolean demote(String kid) {
		return jdbc.sql("UPDATE signing_key_state SET state = 'PUBLISHED' WHERE kid = ? AND state = 'ACTIVE'").params(kid).update() == 1;
	}

	/** From the state the caller saw to RETIRED; whether this call made the change. */
	boolean retire(String kid, KeyState from, Instant now, Instant publishedUntil) {
		return jdbc.sql("UPDATE signing_key_state SET state = 'RETIRED', retired_at = ?, published_until = ? WHERE kid = ? AND state = ?")
			.params(Timestamp.from(now), Timestamp.from(publishedUntil), kid, from.name())
			.update() == 1;
	}

	/** Takes a retired key out of the JWKS now, before its tokens would have expired: for a leaked key. */
	boolean withdraw(String kid, Instant now) {
		return jdbc.sql("UPDATE signing_key_state SET published_until = ? WHERE kid = ? AND state = 'RETIRED' AND published_until > ?")
			.params(Timestamp.from(now), kid, Timestamp.from(now))
			.update() == 1;
	}

	private KeyStateRecord map(ResultSet rs, int row) throws SQLException {
		return new KeyStateRecord(rs.getString("kid"), TokenAlgorithm.valueOf(rs.getString("algorithm")),
				KeyState.valueOf(rs.getString("state")), instant(rs, "first_published_at"), instant(rs, "activated_at"),
				instant(rs, "retired_at"), instant(rs, "published_until"), rs.getString("profile"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return value == null ? null : value.toInstant();
	}

}
