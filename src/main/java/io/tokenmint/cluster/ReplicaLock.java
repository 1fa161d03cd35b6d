package io.tokenmint.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Lets one replica at a time run a piece of work. On PostgreSQL it is a session-level advisory lock held on a
 * connection of its own for the whole run: when the replica dies, PostgreSQL ends the session and the lock
 * goes with it, so nobody waits out a lease. On H2 the database belongs to one process, and a lock in that
 * process is the same guarantee. Reentrant on one thread, so that work made of works holds it once.
 */
public final class ReplicaLock {

	/** PostgreSQL's SQLSTATE for a lock wait that ran out of lock_timeout. */
	private static final String LOCK_NOT_AVAILABLE = "55P03";

	private final DataSource dataSource;

	private final boolean shared;

	private final long key;

	private final ReentrantLock local = new ReentrantLock();

	ReplicaLock(DataSource dataSource, boolean shared, long key) {
		this.dataSource = dataSource;
		this.shared = shared;
		this.key = key;
	}

	/**
	 * Runs the work once this replica holds the lock, waiting for it at most {@code patience} (zero: not at
	 * all); empty, without running it, when another holder kept it that long.
	 */
	public <T> Optional<T> run(Duration patience, Supplier<T> work) {
		if (local.isHeldByCurrentThread()) {
			return Optional.of(work.get());
		}
		long started = System.nanoTime();
		try {
			if (!local.tryLock(patience.toNanos(), TimeUnit.NANOSECONDS)) {
				return Optional.empty();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
		try {
			if (!shared) {
				return Optional.of(work.get());
			}
			try (Connection connection = dataSource.getConnection()) {
				if (!advisoryLock(connection, patience.minusNanos(System.nanoTime() - started))) {
					return Optional.empty();
				}
				try {
					return Optional.of(work.get());
				}
				finally {
					call(connection, "SELECT pg_advisory_unlock(?)");
				}
			}
			catch (SQLException ex) {
				// A database that cannot be reached is a 503 to the caller, as any other storage failure.
				throw new DataAccessResourceFailureException("cannot take the replica lock: " + ex.getSQLState(), ex);
			}
		}
		finally {
			local.unlock();
		}
	}

	/** PostgreSQL waits for the lock itself, bounded by lock_timeout: no polling of ours. */
	private boolean advisoryLock(Connection connection, Duration patience) throws SQLException {
		if (patience.toMillis() <= 0) {
			return call(connection, "SELECT pg_try_advisory_lock(?)");
		}
		setLockTimeout(connection, patience.toMillis() + "ms");
		try {
			return call(connection, "SELECT pg_advisory_lock(?)");
		}
		catch (SQLException ex) {
			if (LOCK_NOT_AVAILABLE.equals(ex.getSQLState())) {
				return false;
			}
			throw ex;
		}
		finally {
			setLockTimeout(connection, "0");
		}
	}

	private static void setLockTimeout(Connection connection, String value) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("SELECT set_config('lock_timeout', ?, false)")) {
			statement.setString(1, value);
			statement.execute();
		}
	}

	/** pg_advisory_lock answers void; the try and unlock forms answer whether they got or held the lock. */
	private boolean call(Connection connection, String sql) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setLong(1, key);
			try (ResultSet result = statement.executeQuery()) {
				Object answer = result.next() ? result.getObject(1) : null;
				return !(answer instanceof Boolean held) || held;
			}
		}
	}

}
