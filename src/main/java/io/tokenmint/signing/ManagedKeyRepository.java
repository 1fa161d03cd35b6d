package io.tokenmint.signing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Managed keys in SQL, shared by every replica. */
@Repository
class ManagedKeyRepository {

	private final JdbcClient jdbc;

	ManagedKeyRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<ManagedKeyRecord> findAll() {
		return jdbc.sql("SELECT * FROM managed_key ORDER BY kid").query(this::map).list();
	}

	void insert(ManagedKeyRecord key) {
		jdbc.sql("""
				INSERT INTO managed_key (kid, algorithm, public_key, wrapped_private, kek_alias, created_at, activate_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)""")
			.params(key.kid(), key.algorithm().name(), key.publicKey(), key.wrappedPrivate(), key.kekAlias(),
					Timestamp.from(key.createdAt()), Timestamp.from(key.activateAt()))
			.update();
	}

	/** Overwrites the wrapped private key and marks the key destroyed; its public part stays for the record. */
	boolean destroy(String kid, Instant now) {
		return jdbc.sql("UPDATE managed_key SET wrapped_private = NULL, destroyed_at = ? WHERE kid = ? AND destroyed_at IS NULL")
			.params(Timestamp.from(now), kid)
			.update() == 1;
	}

	private ManagedKeyRecord map(ResultSet rs, int row) throws SQLException {
		Timestamp destroyed = rs.getTimestamp("destroyed_at");
		return new ManagedKeyRecord(rs.getString("kid"), TokenAlgorithm.valueOf(rs.getString("algorithm")), rs.getString("public_key"),
				rs.getString("wrapped_private"), rs.getString("kek_alias"), rs.getTimestamp("created_at").toInstant(),
				rs.getTimestamp("activate_at").toInstant(), destroyed == null ? null : destroyed.toInstant());
	}

}
