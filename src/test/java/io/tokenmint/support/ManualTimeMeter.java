package io.tokenmint.support;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.TimeMeter;

/**
 * The rate limits' clock in a test's hands: it stands still until the test moves it, so that "burst 20, then 1 a
 * second" means exactly that however slowly the machine sends.
 */
public final class ManualTimeMeter implements TimeMeter {

	private final AtomicLong nanos = new AtomicLong(System.currentTimeMillis() * 1_000_000);

	@Override
	public long currentTimeNanos() {
		return nanos.get();
	}

	@Override
	public boolean isWallClockBased() {
		return true;
	}

	public void advance(Duration by) {
		nanos.addAndGet(by.toNanos());
	}

}
