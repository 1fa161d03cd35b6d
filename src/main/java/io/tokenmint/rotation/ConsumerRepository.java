package io.tokenmint.rotation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ConsumerRepository {

	private final JdbcClient jdbc;

	ConsumerRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	List<Consumer> findAll() {
		return jdbc.sql("SELECT * FROM key_consumer ORDER BY created_at, id").query(this::map).list();
	}

	Optional<Consumer> find(String id) {
		return jdbc.sql("SELECT * FROM key_consumer WHERE id = ?").param(id).query(this::map).optional();
	}

	void insert(Consumer consumer) {
		jdbc.sql("INSERT INTO key_consumer (id, name, type, url, credential, required, created_at, profiles) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
			.params(consumer.id(), consumer.name(), consumer.type().name(), consumer.url(), consumer.credential(), consumer.required(),
					Timestamp.from(consumer.createdAt()), consumer.profiles() == null ? null : String.join(",", consumer.profiles()))
			.update();
	}

	boolean delete(String id) {
		return jdbc.sql("DELETE FROM key_consumer WHERE id = ?").param(id).update() == 1;
	}

	private Consumer map(ResultSet rs, int row) throws SQLException {
		return new Consumer(rs.getString("id"), rs.getString("name"), Consumer.Type.valueOf(rs.getString("type")), rs.getString("url"),
				rs.getString("credential"), rs.getBoolean("required"), rs.getTimestamp("created_at").toInstant(), profiles(rs.getString("profiles")));
	}

	/** Profile names have no commas (a-z, 0-9 and '-'). */
	private static List<String> profiles(String stored) {
		return stored == null ? null : List.of(stored.split(","));
	}

}
