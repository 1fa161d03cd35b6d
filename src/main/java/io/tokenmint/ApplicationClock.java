package io.tokenmint;

import java.time.Clock;

import com.github.benmanes.caffeine.cache.Ticker;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Fallback;

/**
 * The one clock everything that dates or schedules by time reads: token lifetimes, key steps, the rotation
 * schedule, retries, the audit. A test that needs time to move at its command (a 90-day rotation in seconds)
 * puts a {@link Clock} of its own in the context, which wins over this fallback. Bounds on how long to
 * wait (a delivery's budget, a lock's wait) stay on the system's time.
 * <p>
 * The caches that bound how long a replica may act on news it missed (revoked clients, deleted grants) read the
 * {@link Ticker}: a test that stops it shows that the news itself, not the cache's expiry, stopped the issuing.
 */
@Configuration(proxyBeanMethods = false)
class ApplicationClock {

	@Bean
	@Fallback
	Clock systemClock() {
		return Clock.systemUTC();
	}

	@Bean
	@Fallback
	Ticker cacheTicker() {
		return Ticker.systemTicker();
	}

}
