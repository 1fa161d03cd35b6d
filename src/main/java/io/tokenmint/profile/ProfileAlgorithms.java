package io.tokenmint.profile;

import java.util.EnumSet;
import java.util.Set;

import io.tokenmint.signing.AlgorithmsInUse;
import io.tokenmint.signing.TokenAlgorithm;

import org.springframework.stereotype.Component;

/** Tells the key ring which algorithms the profiles sign with, so a missing key stops start-up. */
@Component
class ProfileAlgorithms implements AlgorithmsInUse {

	private final ProfileProperties properties;

	ProfileAlgorithms(ProfileProperties properties) {
		this.properties = properties;
	}

	@Override
	public Set<TokenAlgorithm> algorithms() {
		return EnumSet.of(properties.instant().algorithm());
	}

	@Override
	public TokenAlgorithm primary() {
		return properties.instant().algorithm();
	}

}
