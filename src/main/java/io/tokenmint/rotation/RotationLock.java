package io.tokenmint.rotation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.tokenmint.cluster.ClusterEvents;

import org.springframework.stereotype.Component;

/**
 * Lets one replica at a time take rotation steps. On PostgreSQL it is a session-level advisory lock held on a
 * connection of its own for the whole run: when the replica dies, PostgreSQL ends the session and the lock
 * goes with it, so nobody waits out a lease. On H2 the database belongs to one process, and a lock in that
 * process is the same guarantee.
 */
@Component
class RotationLock {

	/** "tokenmint rotation" as a number, distinct from the audit purge's lock. */
	static final long KEY = 0x746f6b6e726f7461L;

	private final DataSource dataSource;

	private final boolean shared;

	private final ReentrantLock local = new ReentrantLock();

	RotationLock(DataSource dataSource, ClusterEvents cluster) {
		this.dataSource = dataSource;
		this.shared = cluster.isShared();
	}

	/** Runs the work if no other replica holds the lock; returns {@code null} without running it otherwise. */
	<T> T tryRun(Supplier<T> work) {
		if (!local.tryLock()) {
			return null;
		}
		try {
			if (!shared) {
				return work.get();
			}
			try (Connection connection = dataSource.getConnection()) {
				if (!advisory(connection, "SELECT pg_try_advisory_lock(?)")) {
					return null;
				}
				try {
					return work.get();
				}
				finally {
					advisory(connection, "SELECT pg_advisory_unlock(?)");
				}
			}
			catch (SQLException ex) {
				throw new IllegalStateException("cannot take the rotation lock: " + ex.getMessage(), ex);
			}
		}
		finally {
			local.unlock();
		}
	}

	private static boolean advisory(Connection connection, String sql) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setLong(1, KEY);
			try (ResultSet result = statement.executeQuery()) {
				return result.next() && result.getBoolean(1);
			}
		}
	}

}
