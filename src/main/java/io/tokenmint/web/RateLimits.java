package io.tokenmint.web;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.MeterRegistry;

import io.tokenmint.problem.ProblemCode;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Token bucket per caller (Bucket4j) on the token endpoints, after authentication so that the caller is
 * known: 429 with {@code Retry-After} when it runs dry. The admin is not limited.
 */
class RateLimits extends OncePerRequestFilter {

	private final RateLimitProperties properties;

	private final Problems problems;

	private final MeterRegistry meters;

	private final Cache<String, Bucket> buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10))
		.maximumSize(200_000).build();

	RateLimits(RateLimitProperties properties, Problems problems, MeterRegistry meters) {
		this.properties = properties;
		this.problems = problems;
		this.meters = meters;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !properties.enabled() || !request.getRequestURI().startsWith("/tokens");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		var authentication = SecurityContextHolder.getContext().getAuthentication();
		if (!(authentication instanceof CallerAuthentication caller) || caller.getPrincipal() instanceof Caller.Admin) {
			chain.doFilter(request, response);
			return;
		}
		Caller who = caller.getPrincipal();
		RateLimitProperties.Limit limit = who instanceof Caller.EndUser ? properties.user() : properties.client();
		Bucket bucket = buckets.get(who.kind() + ":" + who.id(), key -> Bucket.builder()
			.addLimit(bandwidth -> bandwidth.capacity(limit.burst()).refillGreedy(limit.perSecond(), Duration.ofSeconds(1)))
			.build());
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
		if (!probe.isConsumed()) {
			meters.counter("tokenmint.rate.limited", "caller_kind", who.kind()).increment();
			long seconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
			problems.write(ProblemCode.RATE_LIMITED, "Too many requests from this caller; retry after " + seconds + " s.", request, response);
			return;
		}
		chain.doFilter(request, response);
	}

}
