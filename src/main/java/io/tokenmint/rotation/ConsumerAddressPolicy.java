package io.tokenmint.rotation;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import io.tokenmint.ConfigurationProblem;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.web.util.matcher.IpAddressMatcher;
import org.springframework.stereotype.Component;

/**
 * Where consumers may be reached. A consumer's URL is an admin's input that makes tokenmint send requests,
 * with credentials, from inside the network: without a policy it would reach the cloud's metadata service or
 * probe internal ports. Refused whatever the allow-list says: unspecified, link-local (cloud metadata lives
 * there), known metadata addresses, multicast, broadcast, documentation and reserved ranges, and tunnels that
 * hide an IPv4 address we cannot see through. Loopback and private ranges only through
 * {@code tokenmint.signing.rotation.consumer-allow-list}. The check runs at registration, on the URL's every
 * address, and again on every connection (a name can change its answer between the two).
 */
@Component
class ConsumerAddressPolicy {

	/** Something inet_aton would read as a number (2130706433, 0x7f.1, 0177.0.0.1, 127.1), as browsers and curl do. */
	private static final Pattern NUMERIC_HOST = Pattern.compile("(?i)(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+))*\\.?");

	private static final Pattern CANONICAL_IPV4 = Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
			+ "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

	/** Refused always: no consumer lives there, and the most valuable targets inside a cloud do. */
	private static final List<Range> NEVER = List.of(new Range("0.0.0.0/8", "an unspecified address"),
			new Range("169.254.0.0/16", "link-local (where cloud metadata services live)"),
			new Range("100.100.100.200/32", "a cloud metadata address"), new Range("192.0.0.0/24", "reserved for protocol assignments"),
			new Range("192.0.2.0/24", "a documentation range"), new Range("198.51.100.0/24", "a documentation range"),
			new Range("203.0.113.0/24", "a documentation range"), new Range("224.0.0.0/4", "multicast"),
			new Range("240.0.0.0/4", "reserved (or broadcast)"), new Range("::/128", "an unspecified address"),
			new Range("fe80::/10", "link-local"), new Range("fd00:ec2::254/128", "a cloud metadata address"),
			new Range("ff00::/8", "multicast"), new Range("2001:db8::/32", "a documentation range"),
			new Range("2001::/32", "a Teredo tunnel (hides an IPv4 address)"), new Range("100::/64", "a discard range"));

	/** Refused unless allow-listed: the deployment's own networks. */
	private static final List<Range> PRIVATE = List.of(new Range("127.0.0.0/8", "loopback"), new Range("::1/128", "loopback"),
			new Range("10.0.0.0/8", "a private range"), new Range("172.16.0.0/12", "a private range"),
			new Range("192.168.0.0/16", "a private range"), new Range("100.64.0.0/10", "a shared (carrier-grade NAT) range"),
			new Range("198.18.0.0/15", "a benchmarking range"), new Range("fc00::/7", "a private (unique local) range"),
			new Range("fec0::/10", "a site-local range"));

	private final List<Range> allowedNetworks = new ArrayList<>();

	private final List<String> allowedHosts = new ArrayList<>();

	private final Resolver resolver;

	/** Name resolution, replaceable in tests by a table. */
	@FunctionalInterface
	interface Resolver {

		InetAddress[] resolve(String host) throws UnknownHostException;

	}

	@Autowired
	ConsumerAddressPolicy(RotationProperties properties) {
		this(properties.consumerAllowList(), InetAddress::getAllByName);
	}

	ConsumerAddressPolicy(List<String> allowList, Resolver resolver) {
		this.resolver = resolver;
		for (String entry : allowList) {
			String trimmed = entry.trim();
			if (trimmed.contains("/") || isLiteral(trimmed)) {
				try {
					allowedNetworks.add(new Range(trimmed, "allow-listed"));
				}
				catch (IllegalArgumentException ex) {
					throw new ConfigurationProblem("tokenmint.signing.rotation.consumer-allow-list", trimmed,
							"each a network in CIDR form (10.20.0.0/16) or a host name", "Correct the entry.");
				}
			}
			else {
				allowedHosts.add(normalized(trimmed));
			}
		}
	}

	/** Why this URL may not be a consumer's, or empty when it may. Resolves the host. */
	Optional<String> refusal(URI url, Consumer.Type type) {
		String host = hostOf(url);
		if (host == null) {
			return Optional.of("has no host");
		}
		if (host.contains("%")) {
			return Optional.of("names an interface-scoped address");
		}
		if (!host.contains(":") && NUMERIC_HOST.matcher(host).matches() && !CANONICAL_IPV4.matcher(host).matches()) {
			return Optional.of("writes an IPv4 address in a form other than four decimal numbers (a.b.c.d)");
		}
		InetAddress[] addresses;
		try {
			addresses = resolver.resolve(host);
		}
		catch (UnknownHostException | IllegalArgumentException ex) {
			return Optional.of("has a host that does not resolve");
		}
		for (InetAddress address : addresses) {
			Optional<String> refused = refusal(host, address);
			if (refused.isPresent()) {
				return refused;
			}
		}
		if (type == Consumer.Type.DOCUMENT_ENGINE && "http".equalsIgnoreCase(url.getScheme()) && !allowListed(host, addresses)) {
			return Optional.of("sends the Document Engine's API token over plain http: use https, or put the host on "
					+ "tokenmint.signing.rotation.consumer-allow-list if it is reached over a network you trust");
		}
		return Optional.empty();
	}

	/** At connection time: the host's addresses, or an error when any of them is refused. */
	InetAddress[] resolveChecked(String host) throws UnknownHostException {
		String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
		if (!name.contains(":") && NUMERIC_HOST.matcher(name).matches() && !CANONICAL_IPV4.matcher(name).matches()) {
			throw new UnknownHostException("refused by the consumer address policy: a non-standard numeric host");
		}
		InetAddress[] addresses = resolver.resolve(name);
		for (InetAddress address : addresses) {
			Optional<String> refused = refusal(name, address);
			if (refused.isPresent()) {
				throw new UnknownHostException("refused by the consumer address policy: " + refused.get());
			}
		}
		return addresses;
	}

	/** Why one address of this host is refused, or empty. */
	Optional<String> refusal(String host, InetAddress address) {
		InetAddress effective = embeddedIpv4(address).orElse(address);
		for (Range range : NEVER) {
			if (range.matches(effective) || range.matches(address)) {
				return Optional.of("resolves to " + address.getHostAddress() + ", " + range.reason + ", which consumers may never be at");
			}
		}
		for (Range range : PRIVATE) {
			if ((range.matches(effective) || range.matches(address)) && !allowListed(host, new InetAddress[] { address })) {
				return Optional.of("resolves to " + address.getHostAddress() + ", " + range.reason
						+ "; allow it with tokenmint.signing.rotation.consumer-allow-list");
			}
		}
		return Optional.empty();
	}

	private boolean allowListed(String host, InetAddress[] addresses) {
		if (allowedHosts.contains(normalized(host))) {
			return true;
		}
		for (InetAddress address : addresses) {
			InetAddress effective = embeddedIpv4(address).orElse(address);
			if (allowedNetworks.stream().noneMatch(network -> network.matches(effective))) {
				return false;
			}
		}
		return addresses.length > 0;
	}

	/**
	 * The IPv4 address an IPv6 one carries and that routers will deliver to: IPv4-mapped and -compatible
	 * (::ffff:a.b.c.d, ::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002::/16).
	 */
	static Optional<InetAddress> embeddedIpv4(InetAddress address) {
		if (!(address instanceof Inet6Address)) {
			return Optional.empty();
		}
		byte[] bytes = address.getAddress();
		boolean zeroPrefix = true;
		for (int i = 0; i < 10; i++) {
			zeroPrefix &= bytes[i] == 0;
		}
		byte[] v4 = null;
		if (zeroPrefix && ((bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff) || (bytes[10] == 0 && bytes[11] == 0 && !allZeroOrOne(bytes)))) {
			v4 = java.util.Arrays.copyOfRange(bytes, 12, 16);
		}
		else if (bytes[0] == 0 && bytes[1] == 0x64 && bytes[2] == (byte) 0xff && bytes[3] == (byte) 0x9b) {
			v4 = java.util.Arrays.copyOfRange(bytes, 12, 16);
		}
		else if (bytes[0] == 0x20 && bytes[1] == 0x02) {
			v4 = java.util.Arrays.copyOfRange(bytes, 2, 6);
		}
		if (v4 == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(Inet4Address.getByAddress(v4));
		}
		catch (UnknownHostException ex) {
			return Optional.empty();
		}
	}

	/** :: and ::1 are themselves, not IPv4-compatible addresses. */
	private static boolean allZeroOrOne(byte[] bytes) {
		for (int i = 0; i < 15; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return bytes[15] == 0 || bytes[15] == 1;
	}

	/** The address as a literal without an interface scope, which the matcher would try to resolve. */
	private static String literal(InetAddress address) {
		try {
			return InetAddress.getByAddress(address.getAddress()).getHostAddress();
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("an address of 4 or 16 bytes is always valid", ex);
		}
	}

	private static String hostOf(URI url) {
		String host = url.getHost();
		if (host == null) {
			return null;
		}
		return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
	}

	private static boolean isLiteral(String entry) {
		return entry.contains(":") || CANONICAL_IPV4.matcher(entry).matches();
	}

	private static String normalized(String host) {
		String lower = host.toLowerCase(Locale.ROOT);
		return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
	}

	/** A network; Spring Security's matcher compares prefixes of any two addresses, so the family is checked here. */
	private record Range(IpAddressMatcher matcher, boolean v6, String reason) {

		Range(String cidr, String reason) {
			this(new IpAddressMatcher(cidr), cidr.contains(":"), reason);
		}

		boolean matches(InetAddress address) {
			return (address instanceof Inet6Address) == v6 && matcher.matches(literal(address));
		}

	}

}
