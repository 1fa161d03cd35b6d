package io.tokenmint.audit.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * Syslog over TLS: the receiver's certificate must chain to the configured authorities and name the host asked for.
 * A TLS receiver of our own (a JDK {@code SSLServerSocket}) reads RFC 5425 frames.
 */
class SyslogTlsTests {

	/** A receiver whose certificate names {@code subjectAltName}; it keeps every message it reads. */
	private static final class Receiver implements AutoCloseable {

		final SSLServerSocket server;

		final List<String> messages = Collections.synchronizedList(new ArrayList<>());

		final Path trust;

		Receiver(GeneralName subjectAltName) throws Exception {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair pair = generator.generateKeyPair();
			X500Name name = new X500Name("CN=syslog receiver");
			Instant now = Instant.now();
			var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(60)),
					Date.from(now.plus(Duration.ofDays(1))), name, pair.getPublic());
			builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(subjectAltName));
			X509Certificate certificate = new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
			KeyStore keys = KeyStore.getInstance("PKCS12");
			keys.load(null, null);
			keys.setKeyEntry("receiver", pair.getPrivate(), "pw".toCharArray(), new X509Certificate[] { certificate });
			KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			managers.init(keys, "pw".toCharArray());
			SSLContext tls = SSLContext.getInstance("TLS");
			tls.init(managers.getKeyManagers(), null, null);
			server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 10, InetAddress.getLoopbackAddress());
			StringWriter pem = new StringWriter();
			try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
				writer.writeObject(certificate);
			}
			trust = Files.createTempFile("syslog-ca", ".pem");
			Files.writeString(trust, pem.toString());
			Thread accepting = new Thread(this::accept, "syslog-receiver");
			accepting.setDaemon(true);
			accepting.start();
		}

		private void accept() {
			while (!server.isClosed()) {
				try (SSLSocket socket = (SSLSocket) server.accept(); DataInputStream in = new DataInputStream(socket.getInputStream())) {
					// RFC 5425: the length in ASCII digits, a space, then that many bytes.
					while (true) {
						StringBuilder length = new StringBuilder();
						for (int c = in.read(); c != ' '; c = in.read()) {
							if (c < 0) {
								return;
							}
							length.append((char) c);
						}
						byte[] message = new byte[Integer.parseInt(length.toString())];
						in.readFully(message);
						messages.add(new String(message, StandardCharsets.UTF_8));
					}
				}
				catch (IOException ex) {
					// a client that failed its handshake, or the end of the test
				}
			}
		}

		@Override
		public void close() throws IOException {
			server.close();
		}

	}

	private static SyslogSink sink(Receiver receiver, String host, boolean ownTrust) {
		return new SyslogSink(new AuditStreamProperties.Sink(AuditStreamProperties.Type.SYSLOG, true, null, DataSize.ofMegabytes(1), 1, host,
				receiver.server.getLocalPort(), true, ownTrust ? receiver.trust.toString() : null, "tokenmint", "AUTHPRIV"), Duration.ofSeconds(5));
	}

	@Test
	void recordsReachAReceiverWhoseCertificateIsTrustedAndNamesTheHost() throws Exception {
		try (Receiver receiver = new Receiver(new GeneralName(GeneralName.iPAddress, "127.0.0.1")); SyslogSink sink = sink(receiver, "127.0.0.1",
				true)) {
			sink.write(List.of("{\"kind\":\"token\",\"n\":1}", "{\"kind\":\"admin\",\"n\":2}"));
			org.awaitility.Awaitility.await("both messages read").atMost(Duration.ofSeconds(30)).until(() -> receiver.messages.size() == 2);
			// <PRI>: AUTHPRIV (10) * 8 + informational (6) = 86; RFC 5424 version 1; APP-NAME; MSGID audit.
			assertThat(receiver.messages.get(0)).startsWith("<86>1 ").contains(" tokenmint ").contains(" audit ")
				.endsWith("{\"kind\":\"token\",\"n\":1}");
			assertThat(receiver.messages.get(1)).endsWith("{\"kind\":\"admin\",\"n\":2}");
		}
	}

	@Test
	void aCertificateOfAnotherHostIsRefusedHoweverTrusted() throws Exception {
		try (Receiver receiver = new Receiver(new GeneralName(GeneralName.dNSName, "siem.elsewhere.example"));
				SyslogSink sink = sink(receiver, "127.0.0.1", true)) {
			assertThatThrownBy(() -> sink.write(List.of("{\"n\":1}"))).isInstanceOf(IOException.class);
			assertThat(receiver.messages).isEmpty();
		}
	}

	@Test
	void aCertificateNoTrustedAuthoritySignedIsRefused() throws Exception {
		try (Receiver receiver = new Receiver(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
				SyslogSink sink = sink(receiver, "127.0.0.1", false)) {
			assertThatThrownBy(() -> sink.write(List.of("{\"n\":1}"))).isInstanceOf(IOException.class);
			assertThat(receiver.messages).isEmpty();
		}
	}

}
