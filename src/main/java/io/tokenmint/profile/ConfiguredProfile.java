package io.tokenmint.profile;

import java.time.Duration;

import io.tokenmint.signing.TokenAlgorithm;

import org.jspecify.annotations.Nullable;

/** A profile's configured side, the same for every profile; the subclasses add what their consumer needs. */
abstract class ConfiguredProfile<R extends ProfileRequest> implements TokenProfile<R> {

	final ProfileSettings settings;

	ConfiguredProfile(ProfileSettings settings) {
		this.settings = settings;
	}

	@Override
	public String name() {
		return settings.name();
	}

	@Override
	public TokenAlgorithm algorithm() {
		return settings.algorithm();
	}

	@Override
	public @Nullable String keyId() {
		return settings.keyId();
	}

	@Override
	public @Nullable String issuer() {
		return settings.issuer();
	}

	@Override
	public @Nullable String audience() {
		return settings.audience();
	}

	@Override
	public Duration defaultLifetime() {
		return settings.defaultLifetime();
	}

	@Override
	public Duration maxLifetime() {
		return settings.maxLifetime();
	}

	@Override
	public Duration backdating() {
		return settings.backdating();
	}

}
