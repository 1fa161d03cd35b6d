package io.tokenmint.cluster;

import javax.sql.DataSource;

import org.springframework.stereotype.Component;

/** Makes the locks that let one replica at a time do a piece of work; each lock is named by a number. */
@Component
public class ReplicaLocks {

	private final DataSource dataSource;

	private final boolean shared;

	ReplicaLocks(DataSource dataSource, ClusterEvents cluster) {
		this.dataSource = dataSource;
		this.shared = cluster.isShared();
	}

	/** A new lock; make one per piece of work and keep it, since its in-process part lives in the object. */
	public ReplicaLock lock(long key) {
		return new ReplicaLock(dataSource, shared, key);
	}

}
