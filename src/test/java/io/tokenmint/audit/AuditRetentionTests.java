package io.tokenmint.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import io.tokenmint.support.EndToEndTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class AuditRetentionTests extends EndToEndTest {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	AuditRetention retention;

	private void insert(String callerId, Duration age) {
		jdbc.sql("INSERT INTO audit_event (occurred_at, caller_kind, caller_id, profile, outcome) VALUES (?, 'client', ?, 'instant', 'ISSUED')")
			.params(Timestamp.from(Instant.now().minus(age)), callerId)
			.update();
	}

	@Test
	void purgesRecordsOlderThanTheRetentionOnly() {
		insert("old-one", Duration.ofDays(91));
		insert("recent-one", Duration.ofDays(89));
		assertThat(retention.purge()).isGreaterThanOrEqualTo(1);
		assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE caller_id = 'old-one'").query(Long.class).single()).isZero();
		assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE caller_id = 'recent-one'").query(Long.class).single()).isEqualTo(1);
	}

}
