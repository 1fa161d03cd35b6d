package io.tokenmint.client;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import io.tokenmint.document.DocumentPattern;
import io.tokenmint.document.PermissionSet;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** API clients in SQL. Keys are stored only as their SHA-256. */
@Repository
class ApiClientRepository {

	private static final String COLUMNS = "id, name, max_permissions, documents, max_expires_in, may_set_password, profiles, created_at, revoked_at";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	ApiClientRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	void insert(ApiClient client, String keyHash) {
		jdbc.sql("INSERT INTO api_client (" + COLUMNS + ", key_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(client.id(), client.name(), String.join(",", client.maxPermissions().names()),
					json.writeValueAsString(client.documents().stream().map(DocumentPattern::pattern).toList()),
					client.maxExpiresIn().toSeconds(), client.maySetPassword(), String.join(",", client.profiles()),
					Timestamp.from(client.createdAt()), null,
					keyHash)
			.update();
	}

	Optional<ApiClient> findById(String id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM api_client WHERE id = ?").param(id).query(this::map).optional();
	}

	Optional<ApiClient> findActiveByKeyHash(String keyHash) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM api_client WHERE key_hash = ? AND revoked_at IS NULL")
			.param(keyHash)
			.query(this::map)
			.optional();
	}

	List<ApiClient> findAll() {
		return jdbc.sql("SELECT " + COLUMNS + " FROM api_client ORDER BY created_at, id").query(this::map).list();
	}

	/** A client's scope and name, as long as it is not revoked; whether it was. */
	boolean update(ApiClient client) {
		return jdbc.sql("UPDATE api_client SET name = ?, max_permissions = ?, documents = ?, max_expires_in = ?, may_set_password = ?, "
				+ "profiles = ? WHERE id = ? AND revoked_at IS NULL")
			.params(client.name(), String.join(",", client.maxPermissions().names()),
					json.writeValueAsString(client.documents().stream().map(DocumentPattern::pattern).toList()), client.maxExpiresIn().toSeconds(),
					client.maySetPassword(), String.join(",", client.profiles()), client.id())
			.update() == 1;
	}

	boolean revoke(String id, Instant when) {
		return jdbc.sql("UPDATE api_client SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
			.params(Timestamp.from(when), id)
			.update() == 1;
	}

	boolean replaceKey(String id, String keyHash) {
		return jdbc.sql("UPDATE api_client SET key_hash = ? WHERE id = ? AND revoked_at IS NULL").params(keyHash, id).update() == 1;
	}

	private ApiClient map(ResultSet rs, int row) throws SQLException {
		List<String> documents = json.readValue(rs.getString("documents"), new TypeReference<List<String>>() { });
		Timestamp revoked = rs.getTimestamp("revoked_at");
		return new ApiClient(rs.getString("id"), rs.getString("name"),
				PermissionSet.fromNames(Arrays.asList(rs.getString("max_permissions").split(","))),
				documents.stream().map(DocumentPattern::new).toList(), Duration.ofSeconds(rs.getLong("max_expires_in")),
				rs.getBoolean("may_set_password"), new java.util.LinkedHashSet<>(Arrays.asList(rs.getString("profiles").split(","))),
				rs.getTimestamp("created_at").toInstant(),
				revoked == null ? null : revoked.toInstant());
	}

}
