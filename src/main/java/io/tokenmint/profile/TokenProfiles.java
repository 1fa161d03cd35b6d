package io.tokenmint.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.tokenmint.ConfigurationProblem;
import io.tokenmint.TokenmintProperties;
import io.tokenmint.signing.AlgorithmsInUse;
import io.tokenmint.signing.TokenAlgorithm;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Every profile a request may name, built and checked at start-up: a bad custom profile stops the service
 * with a message naming the profile and the field. Tells the key ring which algorithms need an active key.
 * This is the one place that knows the built-in profiles by name.
 */
@Component
public class TokenProfiles implements AlgorithmsInUse {

	private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

	private static final Set<String> BUILT_IN = Set.of(InstantProfile.NAME, MoEngageProfile.NAME, BrazeProfile.NAME);

	private final Map<String, TokenProfile<?>> byName;

	private final String defaultProfile;

	private final Map<String, TokenAlgorithm> dedicatedKeys;

	public TokenProfiles(ProfileProperties properties, TokenmintProperties tokenmint) {
		String issuer = tokenmint.hasIssuer() ? tokenmint.issuer() : null;
		Map<String, TokenProfile<?>> profiles = new LinkedHashMap<>();
		profiles.put(InstantProfile.NAME, new InstantProfile(properties.instant(), tokenmint.defaultExpiresIn(),
				tokenmint.maxExpiresIn(), issuer));
		if (properties.moengage().enabled()) {
			profiles.put(MoEngageProfile.NAME, new MoEngageProfile(properties.moengage(), tokenmint.maxExpiresIn(), issuer));
		}
		if (properties.braze().enabled()) {
			profiles.put(BrazeProfile.NAME, new BrazeProfile(properties.braze(), tokenmint.maxExpiresIn(), issuer));
		}
		new TreeMap<>(properties.custom()).forEach((name, definition) -> profiles.put(name, define(name, definition, tokenmint)));
		this.byName = java.util.Collections.unmodifiableMap(profiles);
		this.defaultProfile = tokenmint.defaultProfile();
		if (!byName.containsKey(defaultProfile)) {
			throw new ConfigurationProblem("tokenmint.default-profile", defaultProfile, "one of the profiles: " + names(),
					"Name an enabled profile, or enable the one named.");
		}
		Map<String, TokenAlgorithm> bound = new LinkedHashMap<>();
		for (TokenProfile<?> profile : byName.values()) {
			if (profile.keyId() != null && bound.put(profile.keyId(), profile.algorithm()) != null) {
				throw new ConfigurationProblem("tokenmint.profiles.<name>.key-id", profile.keyId(), "a key is bound to one profile at most",
						"Give each profile a key of its own, or leave key-id out of all but one.");
			}
		}
		this.dedicatedKeys = Map.copyOf(bound);
	}

	private static CustomProfile define(String name, ProfileProperties.Custom definition, TokenmintProperties tokenmint) {
		String where = "tokenmint.profiles.custom." + name;
		if (!NAME.matcher(name).matches() || BUILT_IN.contains(name)) {
			throw new ConfigurationProblem(where, name, "a profile name uses a-z, 0-9 and '-', and is not " + String.join(", ",
					new java.util.TreeSet<>(BUILT_IN)), "Rename the profile.");
		}
		if (definition.algorithm() == null) {
			throw new ConfigurationProblem(where + ".algorithm", null, "required: RS256, RS512, ES256 or ES512",
					"Set the algorithm its consumer verifies.");
		}
		Duration max = definition.maxExpiresIn() == null ? tokenmint.maxExpiresIn() : definition.maxExpiresIn();
		if (max.isNegative() || max.isZero() || max.compareTo(tokenmint.maxExpiresIn()) > 0) {
			throw new ConfigurationProblem(where + ".max-expires-in", max.toSeconds() + " s", "between 1 second and tokenmint.max-expires-in ("
					+ tokenmint.maxExpiresIn().toSeconds() + " s)", "Lower it, or raise tokenmint.max-expires-in.");
		}
		Duration defaultLifetime = definition.defaultExpiresIn() == null ? (tokenmint.defaultExpiresIn().compareTo(max) <= 0
				? tokenmint.defaultExpiresIn() : max) : definition.defaultExpiresIn();
		if (defaultLifetime.isNegative() || defaultLifetime.isZero() || defaultLifetime.compareTo(max) > 0) {
			throw new ConfigurationProblem(where + ".default-expires-in", defaultLifetime.toSeconds() + " s",
					"between 1 second and its max-expires-in (" + max.toSeconds() + " s)", "Lower it, or raise " + where + ".max-expires-in.");
		}
		if (definition.claims() == null || definition.claims().isEmpty()) {
			throw new ConfigurationProblem(where + ".claims", null, "at least one claim", "Declare the claims its tokens carry (docs/profiles.md).");
		}
		List<ClaimRule> rules = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < definition.claims().size(); i++) {
			ClaimRule rule = ClaimRule.from(definition.claims().get(i), where + ".claims[" + i + "]");
			if (!seen.add(rule.name())) {
				throw new ConfigurationProblem(where + ".claims[" + i + "].name", rule.name(), "each claim declared once",
						"Remove one of the two.");
			}
			rules.add(rule);
		}
		String issuer = blankToNull(definition.issuer()) != null ? definition.issuer() : tokenmint.hasIssuer() ? tokenmint.issuer() : null;
		String audience = blankToNull(definition.audience()) == null ? name : definition.audience();
		return new CustomProfile(new ProfileSettings(name, definition.algorithm(), blankToNull(definition.keyId()), issuer, audience,
				defaultLifetime, max, Duration.ZERO), rules);
	}

	/** Every profile name a request, client or grant may use. */
	public Set<String> names() {
		return byName.keySet();
	}

	public String defaultProfile() {
		return defaultProfile;
	}

	public Optional<TokenProfile<?>> find(String name) {
		return Optional.ofNullable(byName.get(name));
	}

	/** The first profile, in registration order, whose tokens look like these claims; else the default. */
	public TokenProfile<?> recognise(Map<String, Object> claims) {
		return byName.values().stream().filter(profile -> profile.recognises(claims)).findFirst()
			.orElse(byName.get(defaultProfile));
	}

	@Override
	public Set<TokenAlgorithm> algorithms() {
		Set<TokenAlgorithm> algorithms = EnumSet.noneOf(TokenAlgorithm.class);
		byName.values().forEach(profile -> algorithms.add(profile.algorithm()));
		return algorithms;
	}

	@Override
	public TokenAlgorithm primary() {
		return byName.get(defaultProfile).algorithm();
	}

	@Override
	public Map<String, TokenAlgorithm> dedicatedKeys() {
		return dedicatedKeys;
	}

	@Override
	public Map<String, ProfileKey> profileKeys() {
		Map<String, ProfileKey> keys = new LinkedHashMap<>();
		byName.forEach((name, profile) -> keys.put(name, new ProfileKey(profile.algorithm(), profile.keyId())));
		return keys;
	}

	static @Nullable String blankToNull(@Nullable String value) {
		return value == null || value.isBlank() ? null : value;
	}

}
