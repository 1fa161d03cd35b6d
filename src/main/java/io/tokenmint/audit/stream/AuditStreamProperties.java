package io.tokenmint.audit.stream;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Where the audit is streamed besides the database (docs/operations.md, "The audit streamed").
 *
 * @param sinks none by default
 * @param buffer records an optional sink may fall behind by before new ones are dropped (and counted)
 * @param timeout how long a write to a required sink may take (connecting included) before the request is refused
 */
@Validated
@ConfigurationProperties("tokenmint.audit.stream")
public record AuditStreamProperties(@Valid List<Sink> sinks, @DefaultValue("10000") @Min(1) @Max(10_000_000) int buffer,
		@DefaultValue("2s") @NotNull Duration timeout) {

	public AuditStreamProperties {
		sinks = sinks == null ? List.of() : List.copyOf(sinks);
	}

	/** The kinds of sink. */
	public enum Type {

		STDOUT, FILE, SYSLOG

	}

	/**
	 * @param type {@code stdout}, {@code file} or {@code syslog}
	 * @param required a token (or an admin change) goes through only once this sink has its record
	 * @param path the file ({@code file})
	 * @param maxSize the size at which the file is rotated ({@code file})
	 * @param maxFiles rotated files kept besides the current one, at most 20 ({@code file})
	 * @param host the syslog receiver ({@code syslog})
	 * @param port its TCP port ({@code syslog}; 514, or 6514 with TLS by convention)
	 * @param tls TLS to the receiver, whose certificate must name {@code host} ({@code syslog})
	 * @param tlsTrust a PEM file of the certificate authorities the receiver's certificate may chain to, such as a
	 *        private CA's; unset, the JVM's trust store ({@code syslog} with {@code tls})
	 * @param appName the RFC 5424 APP-NAME ({@code syslog})
	 * @param facility the syslog facility, such as {@code AUTHPRIV} or {@code LOCAL0} ({@code syslog})
	 */
	public record Sink(@NotNull Type type, boolean required, @Nullable String path, @DefaultValue("100MB") DataSize maxSize,
			@DefaultValue("10") @Min(1) @Max(20) int maxFiles, @Nullable String host, @DefaultValue("514") @Min(1) @Max(65535) int port,
			boolean tls, @Nullable String tlsTrust, @DefaultValue("tokenmint") String appName, @DefaultValue("LOCAL0") String facility) {

		/** How the sink is named in metrics, health and logs: never a secret. */
		public String name() {
			return switch (type) {
				case STDOUT -> "stdout";
				case FILE -> "file:" + path;
				case SYSLOG -> "syslog:" + host + ":" + port;
			};
		}

	}

}
