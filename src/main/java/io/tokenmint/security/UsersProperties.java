package io.tokenmint.security;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How tokens from the apps' identity provider are read. The provider itself (issuer, keys) is configured
 * with Spring Boot's {@code spring.security.oauth2.resourceserver.jwt.*} properties. With an identity
 * provider configured, the service starts only when both the issuer and the audience of its tokens are
 * checked: otherwise any token the provider issued to any of its other clients would get Document Engine
 * tokens for its user.
 *
 * @param audience the value the identity token's {@code audienceClaim} must hold (an API identifier or a
 *        client id); required unless {@code allowAnyAudience}
 * @param audienceClaim the claim holding it: {@code aud}, or {@code client_id} for Amazon Cognito access
 *        tokens, which carry no {@code aud}
 * @param issuer the {@code iss} identity tokens must carry, when the provider is given by
 *        {@code jwk-set-uri} alone; {@code issuer-uri} checks the issuer already
 * @param allowAnyIssuer accept tokens whatever their issuer; logged as a warning at every start
 * @param allowAnyAudience accept tokens whatever their audience; logged as a warning at every start
 * @param groupsClaim claim holding the user's groups: an array, or a string naming one group
 * @param nameClaim claim holding the display name, used as {@code creator_name}
 */
@Validated
@ConfigurationProperties("tokenmint.users")
public record UsersProperties(String audience, @DefaultValue("aud") @NotBlank String audienceClaim, String issuer,
		boolean allowAnyIssuer, boolean allowAnyAudience, @DefaultValue("groups") @NotBlank String groupsClaim,
		@DefaultValue("name") @NotBlank String nameClaim) {

	boolean checksAudience() {
		return audience != null && !audience.isBlank();
	}

	boolean checksIssuer() {
		return issuer != null && !issuer.isBlank();
	}

}
