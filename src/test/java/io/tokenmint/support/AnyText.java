package io.tokenmint.support;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Strings from all of Unicode, the way an attacker writes them: every plane, unpaired surrogates, C0 and
 * C1 controls, bidirectional controls and noncharacters, at and around each length limit tokenmint has.
 */
public final class AnyText {

	/** Every length limit of a request field, in code points (ids, rules, passwords). */
	public static final List<Integer> LIMITS = List.of(64, 256, 600, 1024);

	private AnyText() {
	}

	public static Arbitrary<Integer> codePoints() {
		return Arbitraries.frequencyOf(
				net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0x20, 0x7E)),
				net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 0x10FFFF)),
				net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10FFFF)),
				net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0xD800, 0xDFFF)),
				net.jqwik.api.Tuple.of(1, Arbitraries.of(0x00, 0x09, 0x0A, 0x0D, 0x1B, 0x7F, 0x85, 0x9F, 0x061C, 0x200E, 0x200F, 0x202A,
						0x202E, 0x2066, 0x2069, 0xFEFF, 0xFFFE, 0xFFFF, 0x1F600, 0x1F469, 0x10FFFF, 0x22, 0x5C, 0x2F, 0x7E)));
	}

	/** Any text, of any length up to {@code max} code points. */
	public static Arbitrary<String> upTo(int max) {
		return codePoints().list().ofMaxSize(max).map(AnyText::of);
	}

	/** Text whose length sits at a limit: one under it, at it, or one past it. */
	public static Arbitrary<String> atALimit() {
		return Arbitraries.of(LIMITS).flatMap(limit -> Arbitraries.integers().between(limit - 1, limit + 1)
			.flatMap(length -> codePoints().list().ofSize(length).map(AnyText::of)));
	}

	/** Text of valid characters only (no controls, bidi controls or lone surrogates), at a limit. */
	public static Arbitrary<String> printableAtALimit() {
		Arbitrary<Integer> printable = Arbitraries.oneOf(Arbitraries.integers().between(0x21, 0x7E),
				Arbitraries.integers().between(0x1F300, 0x1FAFF), Arbitraries.integers().between(0x4E00, 0x9FFF),
				Arbitraries.integers().between(0x20000, 0x2A6DF));
		return Arbitraries.of(LIMITS).flatMap(limit -> Arbitraries.integers().between(limit - 1, limit + 1)
			.flatMap(length -> printable.list().ofSize(length).map(AnyText::of)));
	}

	/** Surrogate code points become one lone UTF-16 unit each, as a JSON escape would give them. */
	public static String of(List<Integer> codePoints) {
		StringBuilder text = new StringBuilder();
		for (int codePoint : codePoints) {
			if (codePoint >= 0xD800 && codePoint <= 0xDFFF) {
				text.append((char) codePoint);
			}
			else {
				text.appendCodePoint(codePoint);
			}
		}
		return text.toString();
	}

}
