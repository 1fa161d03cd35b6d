package io.tokenmint.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.tokenmint.TokenmintProperties;
import io.tokenmint.signing.AlgorithmsInUse;
import io.tokenmint.signing.TokenAlgorithm;

import org.springframework.stereotype.Component;

/**
 * Every profile a request may name, checked at start-up: a bad custom profile stops the service with a
 * message naming the profile and the field. Tells the key ring which algorithms need an active key.
 */
@Component
public class TokenProfiles implements AlgorithmsInUse {

	public static final String INSTANT = "instant";

	private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

	private final ProfileProperties properties;

	private final Map<String, CustomProfile> custom;

	private final String defaultProfile;

	private final Map<String, TokenAlgorithm> dedicatedKeys;

	public TokenProfiles(ProfileProperties properties, TokenmintProperties tokenmint) {
		this.properties = properties;
		if (properties.moengage().algorithm() != TokenAlgorithm.RS256) {
			throw new IllegalArgumentException("tokenmint.profiles.moengage.algorithm must be RS256: MoEngage verifies RSA signatures only");
		}
		Map<String, CustomProfile> profiles = new java.util.TreeMap<>();
		properties.custom().forEach((name, definition) -> profiles.put(name, define(name, definition, tokenmint)));
		this.custom = Map.copyOf(profiles);
		this.defaultProfile = tokenmint.defaultProfile();
		if (!names().contains(defaultProfile)) {
			throw new IllegalArgumentException("tokenmint.default-profile '" + defaultProfile + "' is not a profile (profiles: " + names() + ")");
		}
		Map<String, TokenAlgorithm> bound = new java.util.LinkedHashMap<>();
		for (String profile : names()) {
			String kid = keyId(profile);
			if (kid != null && bound.put(kid, algorithm(profile)) != null) {
				throw new IllegalArgumentException("key '" + kid + "' is bound to more than one profile; a key-id binds one profile");
			}
		}
		this.dedicatedKeys = Map.copyOf(bound);
	}

	private static CustomProfile define(String name, ProfileProperties.Custom definition, TokenmintProperties tokenmint) {
		String where = "tokenmint.profiles.custom." + name;
		if (!NAME.matcher(name).matches() || name.equals(INSTANT) || name.equals(MoEngageClaims.PROFILE)) {
			throw new IllegalArgumentException(where + ": a profile name uses a-z, 0-9 and '-', and is not instant or moengage");
		}
		if (definition.algorithm() == null) {
			throw new IllegalArgumentException(where + ".algorithm is required: RS256, RS512, ES256 or ES512");
		}
		Duration max = definition.maxExpiresIn() == null ? tokenmint.maxExpiresIn() : definition.maxExpiresIn();
		if (max.isNegative() || max.isZero() || max.compareTo(tokenmint.maxExpiresIn()) > 0) {
			throw new IllegalArgumentException(where + ".max-expires-in must be between 1 second and tokenmint.max-expires-in");
		}
		Duration defaultLifetime = definition.defaultExpiresIn() == null ? (tokenmint.defaultExpiresIn().compareTo(max) <= 0
				? tokenmint.defaultExpiresIn() : max) : definition.defaultExpiresIn();
		if (defaultLifetime.isNegative() || defaultLifetime.isZero() || defaultLifetime.compareTo(max) > 0) {
			throw new IllegalArgumentException(where + ".default-expires-in must be between 1 second and its max-expires-in");
		}
		if (definition.claims() == null || definition.claims().isEmpty()) {
			throw new IllegalArgumentException(where + ".claims must declare at least one claim");
		}
		List<ClaimRule> rules = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < definition.claims().size(); i++) {
			ClaimRule rule = ClaimRule.from(definition.claims().get(i), where + ".claims[" + i + "]");
			if (!seen.add(rule.name())) {
				throw new IllegalArgumentException(where + ".claims[" + i + "]: claim '" + rule.name() + "' is declared twice");
			}
			rules.add(rule);
		}
		String audience = definition.audience() == null || definition.audience().isBlank() ? name : definition.audience();
		return new CustomProfile(name, definition.algorithm(), defaultLifetime, max, definition.issuer(), audience,
				List.copyOf(rules), blankToNull(definition.keyId()));
	}

	/** Every profile name a request, client or grant may use. */
	public Set<String> names() {
		Set<String> names = new LinkedHashSet<>();
		names.add(INSTANT);
		if (properties.moengage().enabled()) {
			names.add(MoEngageClaims.PROFILE);
		}
		names.addAll(custom.keySet());
		return names;
	}

	public String defaultProfile() {
		return defaultProfile;
	}

	public Optional<CustomProfile> custom(String name) {
		return Optional.ofNullable(custom.get(name));
	}

	public ProfileProperties.MoEngage moengage() {
		return properties.moengage();
	}

	/** The algorithm a profile signs with. */
	public TokenAlgorithm algorithm(String profile) {
		if (profile.equals(INSTANT)) {
			return properties.instant().algorithm();
		}
		if (profile.equals(MoEngageClaims.PROFILE)) {
			return properties.moengage().algorithm();
		}
		return custom.get(profile).algorithm();
	}

	@Override
	public Set<TokenAlgorithm> algorithms() {
		Set<TokenAlgorithm> algorithms = EnumSet.noneOf(TokenAlgorithm.class);
		names().forEach(name -> algorithms.add(algorithm(name)));
		return algorithms;
	}

	/** The key bound to a profile, or {@code null} when it signs with its algorithm's active key. */
	public String keyId(String profile) {
		if (profile.equals(INSTANT)) {
			return blankToNull(properties.instant().keyId());
		}
		if (profile.equals(MoEngageClaims.PROFILE)) {
			return blankToNull(properties.moengage().keyId());
		}
		return custom.get(profile).keyId();
	}

	@Override
	public Map<String, TokenAlgorithm> dedicatedKeys() {
		return dedicatedKeys;
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value;
	}

	@Override
	public TokenAlgorithm primary() {
		return algorithm(defaultProfile);
	}

}
