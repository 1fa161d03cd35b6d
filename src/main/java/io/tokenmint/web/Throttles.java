package io.tokenmint.web;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.MeterRegistry;

import io.tokenmint.caller.Caller;
import io.tokenmint.problem.ProblemCode;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Every token bucket of this replica (Bucket4j), by what it limits: a caller, or a remote address. Buckets of
 * callers and addresses not seen for ten minutes are forgotten, and at most {@value #MAX_BUCKETS} are kept.
 */
@Component
class Throttles {

	private static final int MAX_BUCKETS = 200_000;

	private final RateLimitProperties properties;

	private final Problems problems;

	private final MeterRegistry meters;

	private final Cache<String, Bucket> buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10))
		.maximumSize(MAX_BUCKETS).build();

	Throttles(RateLimitProperties properties, Problems problems, MeterRegistry meters) {
		this.properties = properties;
		this.problems = problems;
		this.meters = meters;
	}

	boolean enabled() {
		return properties.enabled();
	}

	/**
	 * Takes one request from the caller's bucket: API clients and end users have limits of their own, by the
	 * kind the audit records them as; the admin has none.
	 */
	Verdict takeForCaller(Caller caller) {
		RateLimitProperties.Limit limit = properties.forCallerKind(caller.kind());
		return limit == null ? Verdict.ALLOWED : take(caller.kind() + ":" + caller.id(), limit, caller.kind());
	}

	/** Takes one request from the address's bucket for callers that present no credentials. */
	Verdict takeForAnonymous(String remoteAddress) {
		return take("anonymous:" + remoteAddress, properties.anonymous(), "anonymous");
	}

	/** Counts a failed authentication against the address. */
	void failedAuthentication(String remoteAddress) {
		if (properties.enabled()) {
			bucket("failed:" + remoteAddress, properties.failedAuthentication()).tryConsume(1);
		}
	}

	/** Whether the address has failed to authenticate more often than it may. */
	boolean failingTooOften(String remoteAddress) {
		if (!properties.enabled()) {
			return false;
		}
		Bucket bucket = buckets.getIfPresent("failed:" + remoteAddress);
		return bucket != null && bucket.getAvailableTokens() <= 0;
	}

	/** The 429 answer for a refused request. */
	void refuse(Verdict verdict, String what, HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(verdict.retryAfterSeconds()));
		problems.write(ProblemCode.RATE_LIMITED, "Too many " + what + "; retry after " + verdict.retryAfterSeconds() + " s.",
				request, response);
	}

	private Verdict take(String key, RateLimitProperties.Limit limit, String tag) {
		if (!properties.enabled()) {
			return Verdict.ALLOWED;
		}
		ConsumptionProbe probe = bucket(key, limit).tryConsumeAndReturnRemaining(1);
		if (probe.isConsumed()) {
			return Verdict.ALLOWED;
		}
		meters.counter("tokenmint.rate.limited", "caller_kind", tag).increment();
		return new Verdict(false, Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1));
	}

	private Bucket bucket(String key, RateLimitProperties.Limit limit) {
		return buckets.get(key, ignored -> Bucket.builder()
			.addLimit(bandwidth -> bandwidth.capacity(limit.burst()).refillGreedy(limit.perSecond(), Duration.ofSeconds(1)))
			.build());
	}

	/** Whether a request may go on, and if not, when to retry. */
	record Verdict(boolean allowed, long retryAfterSeconds) {

		static final Verdict ALLOWED = new Verdict(true, 0);

	}

}
