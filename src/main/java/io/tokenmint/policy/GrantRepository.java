package io.tokenmint.policy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import io.tokenmint.document.CollaborationRule;
import io.tokenmint.document.DocumentPattern;
import io.tokenmint.document.PermissionSet;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Grants in SQL. */
@Repository
class GrantRepository {

	private static final String COLUMNS = "id, subject, document_pattern, layer, permissions, collaboration_permissions, default_group, max_expires_in, profiles, created_at";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	GrantRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	void insert(Grant grant) {
		jdbc.sql("INSERT INTO access_grant (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(grant.id(), grant.subject(), grant.document().pattern(), grant.layer(),
					String.join(",", grant.permissions().names()),
					grant.collaborationRules() == null ? null
							: json.writeValueAsString(grant.collaborationRules().stream().map(CollaborationRule::toString).toList()),
					grant.defaultGroup(), grant.maxExpiresIn().toSeconds(), String.join(",", grant.profiles()),
					Timestamp.from(grant.createdAt()))
			.update();
	}

	Optional<Grant> findById(String id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM access_grant WHERE id = ?").param(id).query(this::map).optional();
	}

	List<Grant> findBySubjects(Collection<String> subjects) {
		if (subjects.isEmpty()) {
			return List.of();
		}
		return jdbc.sql("SELECT " + COLUMNS + " FROM access_grant WHERE subject IN (:subjects) ORDER BY created_at, id")
			.param("subjects", subjects)
			.query(this::map)
			.list();
	}

	List<Grant> findAll(String subject) {
		if (subject == null) {
			return jdbc.sql("SELECT " + COLUMNS + " FROM access_grant ORDER BY created_at, id").query(this::map).list();
		}
		return jdbc.sql("SELECT " + COLUMNS + " FROM access_grant WHERE subject = ? ORDER BY created_at, id")
			.param(subject)
			.query(this::map)
			.list();
	}

	boolean delete(String id) {
		return jdbc.sql("DELETE FROM access_grant WHERE id = ?").param(id).update() == 1;
	}

	private Grant map(ResultSet rs, int row) throws SQLException {
		String rules = rs.getString("collaboration_permissions");
		List<CollaborationRule> collaborationRules = rules == null ? null
				: json.readValue(rules, new TypeReference<List<String>>() { }).stream()
					.map(text -> CollaborationRule.parse(text).rule().orElseThrow())
					.toList();
		return new Grant(rs.getString("id"), rs.getString("subject"), new DocumentPattern(rs.getString("document_pattern")),
				rs.getString("layer"), PermissionSet.fromNames(Arrays.asList(rs.getString("permissions").split(","))),
				collaborationRules, rs.getString("default_group"), Duration.ofSeconds(rs.getLong("max_expires_in")),
				new java.util.LinkedHashSet<>(Arrays.asList(rs.getString("profiles").split(","))), rs.getTimestamp("created_at").toInstant());
	}

}
