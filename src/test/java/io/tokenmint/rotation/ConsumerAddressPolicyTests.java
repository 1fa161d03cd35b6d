package io.tokenmint.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The consumer address policy as a table: every spelling of the places a consumer must never be, names that
 * resolve there, and what the allow-list opens (and what it cannot).
 */
class ConsumerAddressPolicyTests {

	/** Names resolve from this table, never from DNS: the test decides what each name answers. */
	private static final Map<String, String[]> NAMES = Map.of("docs.example.com", new String[] { "93.184.215.14" },
			"metadata.example.com", new String[] { "169.254.169.254" }, "mixed.example.com", new String[] { "93.184.215.14", "10.1.2.3" },
			"internal.corp", new String[] { "10.20.30.40" }, "v6.example.com", new String[] { "2606:2800:21f:cb07:6820:80da:af6b:8b2c" },
			"loopback.example.com", new String[] { "::1" });

	private static ConsumerAddressPolicy policy(String... allowList) {
		return new ConsumerAddressPolicy(List.of(allowList), ConsumerAddressPolicyTests::resolve);
	}

	private static InetAddress[] resolve(String host) throws UnknownHostException {
		String[] answers = NAMES.get(host);
		if (answers == null) {
			// Literals only: InetAddress parses them without a lookup.
			if (!host.matches("[0-9a-fA-F:.]+")) {
				throw new UnknownHostException(host);
			}
			return new InetAddress[] { InetAddress.getByName(host) };
		}
		InetAddress[] addresses = new InetAddress[answers.length];
		for (int i = 0; i < answers.length; i++) {
			addresses[i] = InetAddress.getByName(answers[i]);
		}
		return addresses;
	}

	@ParameterizedTest(name = "{0} is refused: {1}")
	@CsvSource(delimiter = '|', textBlock = """
			https://127.0.0.1/                      | loopback
			https://127.1.2.3/                      | loopback
			https://[::1]/                          | loopback
			https://[::ffff:127.0.0.1]/             | loopback
			https://[::ffff:7f00:1]/                | loopback
			https://[::127.0.0.1]/                  | loopback
			https://[64:ff9b::7f00:1]/              | loopback
			https://[2002:7f00:1::]/                | loopback
			https://loopback.example.com/           | loopback
			https://10.0.0.1/                       | private range
			https://172.16.5.4/                     | private range
			https://192.168.1.1/                    | private range
			https://[fd12:3456::1]/                 | unique local
			https://100.64.0.1/                     | carrier-grade NAT
			https://[::ffff:10.0.0.1]/              | private range
			https://internal.corp/                  | private range
			https://mixed.example.com/              | private range
			https://169.254.169.254/                | link-local
			https://[::ffff:169.254.169.254]/       | link-local
			https://[::ffff:a9fe:a9fe]/             | link-local
			https://[64:ff9b::a9fe:a9fe]/           | link-local
			https://[2002:a9fe:a9fe::]/             | link-local
			https://metadata.example.com/           | link-local
			https://100.100.100.200/                | metadata
			https://[fd00:ec2::254]/                | metadata
			https://[fe80::1]/                      | link-local
			https://0.0.0.0/                        | unspecified
			https://[::]/                           | unspecified
			https://224.0.0.1/                      | multicast
			https://[ff02::1]/                      | multicast
			https://255.255.255.255/                | reserved
			https://192.0.2.1/                      | documentation
			https://[2001:db8::1]/                  | documentation
			https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/ | Teredo
			https://2130706433/                     | four decimal numbers
			https://0x7f000001/                     | four decimal numbers
			https://0177.0.0.1/                     | four decimal numbers
			https://017700000001/                   | four decimal numbers
			https://nowhere.invalid/                | does not resolve
			""")
	void refuses(String url, String reason) {
		assertThat(policy().refusal(URI.create(url), Consumer.Type.WEBHOOK)).as(url).get().asString().containsIgnoringCase(reason);
	}

	/** java.net.URI finds no host in these at all (the service answers INVALID_CONSUMER); refused either way. */
	@ParameterizedTest(name = "{0} has no host")
	@CsvSource(textBlock = """
			https://0x7f.0.0.1/
			https://127.1/
			https://127.0.0.1./
			""")
	void refusesNumericHostsThatAreNotHostsAtAll(String url) {
		assertThat(policy().refusal(URI.create(url), Consumer.Type.WEBHOOK)).as(url).isPresent();
	}

	@ParameterizedTest(name = "{0} is allowed")
	@CsvSource(textBlock = """
			https://93.184.215.14/secrets
			https://docs.example.com/
			https://v6.example.com/
			https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/
			""")
	void allowsPublicAddresses(String url) {
		assertThat(policy().refusal(URI.create(url), Consumer.Type.DOCUMENT_ENGINE)).as(url).isEmpty();
	}

	@Test
	void theAllowListOpensPrivateRangesAndLoopbackButNeverMetadataOrLinkLocal() {
		ConsumerAddressPolicy policy = policy("10.0.0.0/8", "127.0.0.1/32", "internal.corp", "169.254.0.0/16", "fd00:ec2::/32");
		assertThat(policy.refusal(URI.create("https://10.9.8.7/"), Consumer.Type.WEBHOOK)).isEmpty();
		assertThat(policy.refusal(URI.create("https://internal.corp/"), Consumer.Type.WEBHOOK)).isEmpty();
		assertThat(policy.refusal(URI.create("https://127.0.0.1:8443/"), Consumer.Type.WEBHOOK)).isEmpty();
		assertThat(policy.refusal(URI.create("https://127.0.0.2/"), Consumer.Type.WEBHOOK)).as("only the listed network").isPresent();
		assertThat(policy.refusal(URI.create("https://192.168.0.1/"), Consumer.Type.WEBHOOK)).isPresent();
		assertThat(policy.refusal(URI.create("https://169.254.169.254/"), Consumer.Type.WEBHOOK)).as("never, whatever the list").isPresent();
		assertThat(policy.refusal(URI.create("https://[fd00:ec2::254]/"), Consumer.Type.WEBHOOK)).isPresent();
		assertThat(policy.refusal(URI.create("https://metadata.example.com/"), Consumer.Type.WEBHOOK)).isPresent();
	}

	@Test
	void aDocumentEngineIsReachedOverHttpsUnlessItsHostIsAllowListed() {
		assertThat(policy().refusal(URI.create("http://docs.example.com/"), Consumer.Type.DOCUMENT_ENGINE)).get().asString()
			.contains("plain http");
		assertThat(policy().refusal(URI.create("http://docs.example.com/"), Consumer.Type.WEBHOOK)).as("a webhook carries no token")
			.isEmpty();
		assertThat(policy("docs.example.com").refusal(URI.create("http://docs.example.com/"), Consumer.Type.DOCUMENT_ENGINE)).isEmpty();
		assertThat(policy("10.0.0.0/8").refusal(URI.create("http://internal.corp/"), Consumer.Type.DOCUMENT_ENGINE)).isEmpty();
	}

	@Test
	void aNameIsCheckedAgainOnEveryConnectionSoThatChangingItsAnswerDoesNotHelp() throws Exception {
		AtomicInteger lookups = new AtomicInteger();
		ConsumerAddressPolicy policy = new ConsumerAddressPolicy(List.of(), host -> new InetAddress[] {
				InetAddress.getByName(lookups.getAndIncrement() == 0 ? "93.184.215.14" : "169.254.169.254") });
		assertThat(policy.refusal(URI.create("https://rebinding.example.com/"), Consumer.Type.WEBHOOK)).as("at registration").isEmpty();
		assertThatExceptionOfType(UnknownHostException.class).isThrownBy(() -> policy.resolveChecked("rebinding.example.com"))
			.withMessageContaining("link-local");
	}

	@Test
	void refusesAnAllowListEntryThatIsNeitherANetworkNorAName() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> policy("10.0.0.0/40"))
			.withMessageContaining("consumer-allow-list");
	}

}
