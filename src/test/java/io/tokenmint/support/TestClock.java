package io.tokenmint.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The application's time in a test's hands: it stands still until the test moves it, so that "the successor
 * signs 90 days later" happens when the test says so, on any machine at any speed. Put into a replica's
 * context ({@link Replica#start(java.util.Map, java.util.Map)}), it replaces the system clock everywhere the
 * service dates or schedules by time; several replicas may share one.
 */
public final class TestClock extends Clock {

	private final AtomicReference<Instant> now;

	public TestClock(Instant start) {
		this.now = new AtomicReference<>(start);
	}

	/** Starts at the current time, whole seconds, so that dates the service stores compare as the test expects. */
	public static TestClock startingNow() {
		return new TestClock(Instant.ofEpochSecond(Instant.now().getEpochSecond()));
	}

	@Override
	public Instant instant() {
		return now.get();
	}

	public Instant advance(Duration by) {
		return now.updateAndGet(at -> at.plus(by));
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("the service works in UTC");
	}

}
