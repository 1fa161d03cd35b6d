package io.tokenmint.web;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How tokens from the apps' identity provider are read. The provider itself (issuer, keys) is configured
 * with Spring Boot's {@code spring.security.oauth2.resourceserver.jwt.*} properties.
 *
 * @param audience the {@code aud} the identity token must carry; not checked when blank
 * @param groupsClaim claim holding the user's groups (an array, or a space-separated string)
 * @param nameClaim claim holding the display name, used as {@code creator_name}
 */
@Validated
@ConfigurationProperties("tokenmint.users")
public record UsersProperties(String audience, @DefaultValue("groups") @NotBlank String groupsClaim,
		@DefaultValue("name") @NotBlank String nameClaim) {
}
