package io.tokenmint.ratelimit;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.MeterRegistry;

import io.tokenmint.caller.Caller;
import io.tokenmint.cluster.SharedBuckets;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.web.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Every token bucket (Bucket4j), by what it limits. A caller's bucket is shared by every replica on
 * PostgreSQL ({@link SharedBuckets}). A remote address's buckets stay with this replica: they shield it from
 * strangers, and a database round trip per stranger's request would be the very load they prevent. This
 * replica's buckets are {@link SharedBuckets#localBucket}, forgotten when unused for ten minutes.
 */
@Component
public class Throttles {

	private final RateLimitProperties properties;

	private final Problems problems;

	private final MeterRegistry meters;

	private final SharedBuckets shared;

	Throttles(RateLimitProperties properties, Problems problems, MeterRegistry meters, SharedBuckets shared) {
		this.shared = shared;
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
		if (limit == null || !properties.enabled()) {
			return Verdict.ALLOWED;
		}
		// A caller's limit is the cluster's: its bucket is shared by every replica where the database is.
		String key = caller.kind() + ":" + caller.id();
		if (!properties.shared()) {
			return take(bucket(key, limit), caller.kind());
		}
		try {
			return take(shared.bucket(key, limit.burst(), limit.perSecond()), caller.kind());
		}
		catch (RuntimeException unreachable) {
			// The shared buckets are in the database, which is gone for now: hold this replica to the limit alone.
			return take(bucket(key, limit), caller.kind());
		}
	}

	/** Takes one request from the address's bucket for callers that present no credentials. */
	Verdict takeForAnonymous(String remoteAddress) {
		return take("anonymous:" + remoteAddress, properties.anonymous(), "anonymous");
	}

	/** Counts a failed authentication against the address. */
	public void failedAuthentication(String remoteAddress) {
		if (properties.enabled()) {
			bucket("failed:" + remoteAddress, properties.failedAuthentication()).tryConsume(1);
		}
	}

	/** Whether the address has failed to authenticate more often than it may. */
	public boolean failingTooOften(String remoteAddress) {
		if (!properties.enabled()) {
			return false;
		}
		return bucket("failed:" + remoteAddress, properties.failedAuthentication()).getAvailableTokens() <= 0;
	}

	/** The 429 answer for a refused request. */
	public void refuse(Verdict verdict, String what, HttpServletRequest request, HttpServletResponse response) throws IOException {
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(verdict.retryAfterSeconds()));
		problems.write(ProblemCode.RATE_LIMITED, "Too many " + what + "; retry after " + verdict.retryAfterSeconds() + " s.",
				request, response);
	}

	private Verdict take(String key, RateLimitProperties.Limit limit, String tag) {
		if (!properties.enabled()) {
			return Verdict.ALLOWED;
		}
		return take(bucket(key, limit), tag);
	}

	private Verdict take(Bucket bucket, String tag) {
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
		if (probe.isConsumed()) {
			return Verdict.ALLOWED;
		}
		meters.counter("tokenmint.rate.limited", "caller_kind", tag).increment();
		return new Verdict(false, Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1));
	}

	private Bucket bucket(String key, RateLimitProperties.Limit limit) {
		return shared.localBucket(key, limit.burst(), limit.perSecond());
	}

	/** Whether a request may go on, and if not, when to retry. */
	public record Verdict(boolean allowed, long retryAfterSeconds) {

		static final Verdict ALLOWED = new Verdict(true, 0);

	}

}
