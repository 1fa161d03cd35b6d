package io.tokenmint.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/** Anonymous probes, at any pace, cost the database at most one check a second. */
class CachedDatabaseHealthTests {

	@Test
	void answersManyProbesFromOneCheck() {
		JdbcDataSource h2 = new JdbcDataSource();
		h2.setURL("jdbc:h2:mem:health;DB_CLOSE_DELAY=-1");
		AtomicInteger connections = new AtomicInteger();
		DataSource counting = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { DataSource.class },
				(proxy, method, args) -> {
					if (method.getName().equals("getConnection")) {
						connections.incrementAndGet();
					}
					return method.invoke(h2, args);
				});
		var health = new CachedDatabaseHealth(counting);
		for (int i = 0; i < 200; i++) {
			assertThat(health.health(false).getStatus()).isEqualTo(Status.UP);
		}
		assertThat(connections.get()).isBetween(1, 2);
	}

}
