package io.tokenmint.signing;

import io.micrometer.core.instrument.Tags;
import org.jspecify.annotations.Nullable;

/**
 * A succession of keys of which one signs at a time: the shared line of an algorithm ({@code profile} null), which
 * every keystore key belongs to and profiles without a line of their own sign from, or one profile's own line of
 * managed keys. Profiles on lines of their own never sign with each other's keys, so a token of one is never a
 * valid token of another at a consumer that does not check {@code aud} (MoEngage and Braze do not).
 *
 * @param profile the profile the line signs for alone, or {@code null} for the shared line
 */
public record KeyLine(TokenAlgorithm algorithm, @Nullable String profile) {

	public static KeyLine shared(TokenAlgorithm algorithm) {
		return new KeyLine(algorithm, null);
	}

	public boolean isShared() {
		return profile == null;
	}

	/** How metrics name the line (the alert rules join on these three): algorithm, shared or a profile's own, profile. */
	public Tags metricTags() {
		return Tags.of("algorithm", algorithm.name(), "line", isShared() ? "shared" : "profile", "profile", isShared() ? "none" : profile);
	}

	@Override
	public String toString() {
		return profile == null ? algorithm.name() : algorithm.name() + " for " + profile;
	}

}
