package io.tokenmint.console;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tokenmint.audit.AuditStatistics.MinuteCount;

/**
 * Token requests per minute by profile, drawn as SVG bars on the server: no chart script, so nothing the
 * Content-Security-Policy has to allow, and the same figures as a table for screen readers.
 *
 * @param rows one per profile seen in the window, in name order
 * @param peak the largest minute of any profile, which sets the bars' scale
 */
record RequestChart(List<Row> rows, long peak, int minutes, Instant from) {

	static final int HEIGHT = 48;

	static final int BAR_WIDTH = 8;

	/** One minute's bar: issued from the bottom, refused on top of it; heights in SVG units. */
	record Bar(int x, Instant minute, long issued, long refused, int issuedHeight, int refusedHeight) {

		public String label() {
			return MINUTE.format(minute);
		}

		public int issuedY() {
			return HEIGHT - issuedHeight;
		}

		public int refusedY() {
			return HEIGHT - issuedHeight - refusedHeight;
		}

	}

	record Row(String profile, long issued, long refused, List<Bar> bars) {

		/** Refused share of the profile's requests, in percent. */
		public long refusedPercent() {
			return issued + refused == 0 ? 0 : Math.round(100.0 * refused / (issued + refused));
		}

	}

	private static final java.time.format.DateTimeFormatter MINUTE = java.time.format.DateTimeFormatter.ofPattern("HH:mm 'UTC'")
		.withZone(java.time.ZoneOffset.UTC);

	public String fromLabel() {
		return MINUTE.format(from);
	}

	public int width() {
		return minutes * BAR_WIDTH;
	}

	public long issued() {
		return rows.stream().mapToLong(Row::issued).sum();
	}

	public long refused() {
		return rows.stream().mapToLong(Row::refused).sum();
	}

	public long refusedPercent() {
		return issued() + refused() == 0 ? 0 : Math.round(100.0 * refused() / (issued() + refused()));
	}

	static RequestChart of(List<MinuteCount> counts, Instant now, Duration window) {
		int minutes = (int) window.toMinutes();
		Instant from = now.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(minutes - 1L));
		Map<String, long[][]> byProfile = new TreeMap<>();
		for (MinuteCount count : counts) {
			int slot = (int) Duration.between(from, count.minute()).toMinutes();
			if (slot < 0 || slot >= minutes) {
				continue;
			}
			long[][] slots = byProfile.computeIfAbsent(count.profile() == null ? "(none)" : count.profile(), p -> new long[minutes][2]);
			slots[slot]["ISSUED".equals(count.outcome()) ? 0 : 1] += count.count();
		}
		long peak = 1;
		for (long[][] slots : byProfile.values()) {
			for (long[] slot : slots) {
				peak = Math.max(peak, slot[0] + slot[1]);
			}
		}
		List<Row> rows = new ArrayList<>();
		for (var profile : byProfile.entrySet()) {
			List<Bar> bars = new ArrayList<>();
			long issued = 0;
			long refused = 0;
			for (int i = 0; i < minutes; i++) {
				long[] slot = profile.getValue()[i];
				issued += slot[0];
				refused += slot[1];
				bars.add(new Bar(i * BAR_WIDTH, from.plus(Duration.ofMinutes(i)), slot[0], slot[1], scale(slot[0], peak),
						scale(slot[1], peak)));
			}
			rows.add(new Row(profile.getKey(), issued, refused, bars));
		}
		return new RequestChart(rows, peak, minutes, from);
	}

	/** A bar of any requests is at least one unit high, so that a single refusal is visible. */
	private static int scale(long value, long peak) {
		return value == 0 ? 0 : (int) Math.max(1, Math.round((double) HEIGHT * value / peak));
	}

}
