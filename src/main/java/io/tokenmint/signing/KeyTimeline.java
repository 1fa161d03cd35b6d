package io.tokenmint.signing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Where each key's published, active and retired-but-published spans fall on one shared time axis, in SVG units
 * of a {@value #WIDTH}-wide drawing (positions as attributes, since the console's CSP allows no inline style).
 */
record KeyTimeline(Instant from, Instant to, int nowX, List<Lane> lanes) {

	static final int WIDTH = 1000;

	/** One span: {@code published}, {@code active} or {@code tail} (retired, still in the JWKS). */
	record Span(String kind, int x, int width, Instant start, Instant end) {
	}

	record Lane(String kid, String state, List<Span> spans) {

		/** The lane in words, for screen readers. */
		public String description() {
			StringBuilder words = new StringBuilder(kid).append(", ").append(state);
			for (Span span : spans) {
				words.append("; ").append(span.kind()).append(" from ").append(span.start()).append(" to ").append(span.end());
			}
			return words.toString();
		}

	}

	static KeyTimeline of(List<KeyView> keys, Instant now) {
		Instant from = keys.stream().map(KeyView::firstPublishedAt).filter(Objects::nonNull).min(Instant::compareTo).orElse(now);
		Instant to = now;
		for (KeyView key : keys) {
			to = later(to, key.publishedUntil());
			to = later(to, key.activateAt());
		}
		// Some room after the last event, so that "now" and what is still to come are not on the edge.
		Duration span = Duration.between(from, to);
		to = to.plus(span.isZero() ? Duration.ofHours(1) : span.dividedBy(10));
		List<Lane> lanes = new ArrayList<>();
		for (KeyView key : keys) {
			if (key.firstPublishedAt() == null) {
				continue;
			}
			List<Span> spans = new ArrayList<>();
			Instant activeFrom = key.activatedAt();
			Instant activeTo = activeUntil(key, keys, now);
			Instant publishedTo = activeFrom != null ? activeFrom : (key.retiredAt() != null ? key.retiredAt() : now);
			spans.add(span("published", key.firstPublishedAt(), publishedTo, from, to));
			if (activeFrom != null) {
				spans.add(span("active", activeFrom, activeTo, from, to));
			}
			if (key.retiredAt() != null && key.publishedUntil() != null) {
				spans.add(span("tail", key.retiredAt(), key.publishedUntil(), from, to));
			}
			lanes.add(new Lane(key.kid(), key.state(), spans));
		}
		return new KeyTimeline(from, to, x(now, from, to), lanes);
	}

	/**
	 * A key stops signing when it is retired or when another key of its line is activated after it; a key
	 * put back to published by a manual activation keeps its old {@code activated_at}.
	 */
	private static Instant activeUntil(KeyView key, List<KeyView> keys, Instant now) {
		Instant until = "ACTIVE".equals(key.state()) ? now : (key.retiredAt() != null ? key.retiredAt() : now);
		if (key.activatedAt() == null || "ACTIVE".equals(key.state())) {
			return until;
		}
		for (KeyView other : keys) {
			if (other != key && Objects.equals(other.alg(), key.alg()) && Objects.equals(other.profile(), key.profile())
					&& other.activatedAt() != null
					&& other.activatedAt().isAfter(key.activatedAt()) && other.activatedAt().isBefore(until)) {
				until = other.activatedAt();
			}
		}
		return until;
	}

	private static Span span(String kind, Instant start, Instant end, Instant from, Instant to) {
		int x = x(start, from, to);
		return new Span(kind, x, Math.max(2, x(end, from, to) - x), start, end);
	}

	private static int x(Instant at, Instant from, Instant to) {
		long total = Math.max(1, Duration.between(from, to).toMillis());
		return (int) Math.max(0, Math.min(WIDTH, WIDTH * Duration.between(from, at).toMillis() / total));
	}

	private static Instant later(Instant a, @Nullable Instant b) {
		return b != null && b.isAfter(a) ? b : a;
	}

}
