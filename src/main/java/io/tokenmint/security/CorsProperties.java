package io.tokenmint.security;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotNull;

import io.tokenmint.ConfigurationProblem;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Browser apps that may call {@code POST /tokens} directly, with their users' bearer tokens.
 *
 * @param allowedOrigins exact origins such as {@code https://app.example.com}; none by default
 * @param maxAge how long a browser may cache a preflight answer
 */
@Validated
@ConfigurationProperties("tokenmint.cors")
public record CorsProperties(List<String> allowedOrigins, @DefaultValue("1h") @NotNull Duration maxAge) {

	public CorsProperties {
		allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
		for (String origin : allowedOrigins) {
			URI uri;
			try {
				uri = URI.create(origin);
			}
			catch (IllegalArgumentException ex) {
				throw new ConfigurationProblem("tokenmint.cors.allowed-origins", origin, "each an origin: scheme://host[:port]",
						"Write it as https://app.example.com.");
			}
			boolean plainOrigin = ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
					&& (uri.getRawPath() == null || uri.getRawPath().isEmpty()) && uri.getRawQuery() == null;
			if (!plainOrigin) {
				throw new ConfigurationProblem("tokenmint.cors.allowed-origins", origin,
						"each scheme://host[:port], such as https://app.example.com: no wildcards, no path", "Name each origin exactly.");
			}
		}
	}

}
