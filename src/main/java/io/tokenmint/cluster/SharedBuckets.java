package io.tokenmint.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import javax.sql.DataSource;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Token buckets every replica shares, in PostgreSQL (Bucket4j's advisory-lock backend), so that a limit is
 * the cluster's limit however a load balancer spreads a caller. A round trip per request would cost more
 * than it protects, so each replica takes from its own share for a moment and settles with the database
 * when that share is used up or {@link #SETTLE_AFTER} has passed (Bucket4j's delaying optimisation): across
 * N replicas a caller can get at most N × {@link #unsettled} tokens more than its limit before the
 * replicas settle. Where the database is not shared (H2) the buckets stay in this replica's memory.
 */
@Component
public class SharedBuckets {

	/** The longest a replica runs on its own share before it settles with the others. */
	static final Duration SETTLE_AFTER = Duration.ofMillis(100);

	private static final int MAX_BUCKETS = 200_000;

	private final @Nullable ProxyManager<String> proxies;

	private final Cache<String, Bucket> buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10))
		.maximumSize(MAX_BUCKETS).build();

	private final Cache<String, Bucket> local = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10))
		.maximumSize(MAX_BUCKETS).build();

	/** The buckets' clock: the system's, unless a test puts a TimeMeter bean of its own in the context. */
	private final TimeMeter time;

	SharedBuckets(DataSource dataSource, ClusterEvents cluster, TaskScheduler scheduler, ObjectProvider<TimeMeter> time) {
		this.time = time.getIfAvailable(() -> TimeMeter.SYSTEM_MILLISECONDS);
		this.proxies = !cluster.isShared() ? null : Bucket4jPostgreSQL.advisoryLockBasedBuilder(dataSource)
			.clientClock(this.time)
			.primaryKeyMapper(PrimaryKeyMapper.STRING)
			// PostgreSQL's advisory locks take a number: a collision only makes two buckets wait for each other.
			.lockIdSupplier(SharedBuckets::lockId)
			.table("rate_limit_bucket")
			.idColumn("id")
			.stateColumn("state")
			.expiresAtColumn("expires_at")
			.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(10)))
			.build();
		if (proxies != null) {
			scheduler.scheduleWithFixedDelay(this::removeExpiredQuietly, Instant.now().plusSeconds(60), Duration.ofMinutes(5));
		}
	}

	private void removeExpiredQuietly() {
		try {
			while (removeExpired(1000) == 1000) {
				// more of them: go on
			}
		}
		catch (RuntimeException ex) {
			// the next run tries again; rows of idle buckets only take space
		}
	}

	static long lockId(String key) {
		return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
	}

	/** Whether buckets are shared with other replicas. */
	public boolean shared() {
		return proxies != null;
	}

	/** How many tokens a replica may take before it settles, for a bucket refilled at this rate. */
	static long unsettled(long perSecond) {
		return Math.max(1, perSecond * SETTLE_AFTER.toMillis() / 1000 / 2);
	}

	/** This replica's own bucket of a key: where nothing is shared, and when the shared one cannot be reached. */
	public Bucket localBucket(String key, long burst, long perSecond) {
		return local.get(key, ignored -> Bucket.builder()
			.withCustomTimePrecision(time)
			.addLimit(limit -> limit.capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1))).build());
	}

	/**
	 * The bucket of a key, shared by every replica where the database is, else this replica's own.
	 * @param burst the bucket's capacity
	 * @param perSecond its greedy refill
	 */
	public Bucket bucket(String key, long burst, long perSecond) {
		if (proxies == null) {
			return localBucket(key, burst, perSecond);
		}
		return buckets.get(key, ignored -> {
			BucketConfiguration configuration = BucketConfiguration.builder()
				.addLimit(limit -> limit.capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)))
				.build();
			return proxies.builder()
				.withOptimization(Optimizations.delaying(new DelayParameters(unsettled(perSecond), SETTLE_AFTER)))
				.build(key, () -> configuration);
		});
	}

	/** Deletes rows of buckets nobody used for a while; returns how many. */
	public int removeExpired(int batch) {
		return proxies instanceof io.github.bucket4j.distributed.proxy.ExpiredEntriesCleaner cleaner ? cleaner.removeExpired(batch) : 0;
	}

}
