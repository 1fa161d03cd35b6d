package io.tokenmint.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Pushes changes of shared state to every replica, within milliseconds rather than a cache's lifetime.
 * {@link #publish} sends a PostgreSQL notification in the caller's transaction, so it goes out when the
 * change commits and never for a change rolled back; each replica listens on a connection of its own and
 * hands each change to the subscribers of its topic. A replica that loses that connection cannot know
 * what it missed: when it connects again, every subscriber re-reads everything ({@code resync}). The caches'
 * own short lifetimes remain the safety net. On H2 (one replica, embedded) nothing needs telling.
 */
@Component
public class ClusterEvents implements SmartLifecycle {

	static final String CHANNEL = "tokenmint_changes";

	private static final Logger log = LoggerFactory.getLogger(ClusterEvents.class);

	private static final int POLL_MILLIS = 250;

	private final JdbcTemplate jdbc;

	private final DataSourceProperties database;

	private final boolean postgres;

	private final Map<String, List<Consumer<String>>> subscribers = new ConcurrentHashMap<>();

	private final List<Runnable> resyncs = new CopyOnWriteArrayList<>();

	private final Counter received;

	private final Counter reconnects;

	private volatile boolean running;

	private volatile boolean listening;

	private Thread listener;

	ClusterEvents(JdbcTemplate jdbc, DataSourceProperties database, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.database = database;
		this.postgres = database.determineUrl() != null && database.determineUrl().startsWith("jdbc:postgresql:");
		this.received = Counter.builder("tokenmint.cluster.events").description("Changes other replicas announced").register(meters);
		this.reconnects = Counter.builder("tokenmint.cluster.resyncs").description("Re-reads of all shared state after (re)connecting")
			.register(meters);
		Gauge.builder("tokenmint.cluster.listening", this, events -> events.isListening() ? 1 : 0)
			.description("1 while this replica hears the others' changes (always 1 on H2, where there are none)")
			.register(meters);
	}

	/** Whether replicas share this database (PostgreSQL), rather than one replica owning it (H2). */
	public boolean isShared() {
		return postgres;
	}

	/**
	 * Announces a change to every replica once the current transaction commits (at once without one).
	 * @param topic what changed, such as {@code client}
	 * @param id which one; never a secret
	 */
	public void publish(String topic, String id) {
		if (postgres) {
			jdbc.queryForList("SELECT pg_notify(?, ?)", CHANNEL, topic + ":" + id);
		}
	}

	/**
	 * @param onChange called with the id of each change to this topic, on any replica
	 * @param resync called when changes may have been missed: re-read everything of this topic
	 */
	public void subscribe(String topic, Consumer<String> onChange, Runnable resync) {
		subscribers.computeIfAbsent(topic, ignored -> new CopyOnWriteArrayList<>()).add(onChange);
		resyncs.add(resync);
	}

	/** Whether this replica hears the others now; {@code true} where there are none to hear. */
	public boolean isListening() {
		return !postgres || listening;
	}

	@Override
	public void start() {
		running = true;
		if (!postgres) {
			return;
		}
		listener = new Thread(this::listenUntilStopped, "cluster-events");
		listener.setDaemon(true);
		listener.start();
	}

	@Override
	public void stop() {
		running = false;
		if (listener != null) {
			listener.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	private void listenUntilStopped() {
		BackOffExecution backOff = backOff();
		while (running) {
			try (Connection connection = DriverManager.getConnection(database.determineUrl(), database.determineUsername(),
					database.determinePassword()); Statement statement = connection.createStatement()) {
				statement.execute("LISTEN " + CHANNEL);
				listening = true;
				backOff = backOff();
				resyncAll();
				PGConnection notifications = connection.unwrap(PGConnection.class);
				while (running) {
					PGNotification[] batch = notifications.getNotifications(POLL_MILLIS);
					if (batch != null) {
						for (PGNotification notification : batch) {
							deliver(notification.getParameter());
						}
					}
				}
			}
			catch (SQLException ex) {
				if (listening) {
					log.warn("Lost the connection that hears other replicas ({}); reconnecting", ex.getClass().getSimpleName());
				}
			}
			listening = false;
			if (running) {
				sleep(backOff.nextBackOff());
			}
		}
	}

	private static BackOffExecution backOff() {
		ExponentialBackOff backOff = new ExponentialBackOff(100, 2);
		backOff.setMaxInterval(Duration.ofSeconds(5).toMillis());
		return backOff.start();
	}

	private void resyncAll() {
		reconnects.increment();
		resyncs.forEach(resync -> {
			try {
				resync.run();
			}
			catch (RuntimeException ex) {
				log.warn("Re-reading shared state failed ({}); caches still expire on their own", ex.getClass().getSimpleName());
			}
		});
	}

	private void deliver(String message) {
		int colon = message.indexOf(':');
		if (colon < 0) {
			return;
		}
		received.increment();
		String topic = message.substring(0, colon);
		String id = message.substring(colon + 1);
		subscribers.getOrDefault(topic, List.of()).forEach(subscriber -> {
			try {
				subscriber.accept(id);
			}
			catch (RuntimeException ex) {
				log.warn("Handling a {} change failed ({})", topic, ex.getClass().getSimpleName());
			}
		});
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis == BackOffExecution.STOP ? 5000 : millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
