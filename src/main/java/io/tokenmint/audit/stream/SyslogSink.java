package io.tokenmint.audit.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import com.cloudbees.syslog.Facility;
import com.cloudbees.syslog.Severity;
import com.cloudbees.syslog.SyslogMessage;
import io.tokenmint.ConfigurationProblem;
import org.jspecify.annotations.Nullable;

/**
 * Syslog over TCP (TLS optional): each record one RFC 5424 message (formatted by CloudBees' syslog client), MSGID
 * {@code audit}, severity informational, framed by its length (RFC 5425's octet counting, which rsyslog, syslog-ng
 * and the SIEMs' collectors read on plain TCP as on TLS).
 * <p>
 * The connection is tokenmint's own rather than the client library's, for one reason: a receiver that went away has
 * closed it, and a write into a closed connection still succeeds locally and is lost. Before each batch the
 * connection is checked for that end (the receiver never sends anything, so anything to read is its end), and a new
 * one is opened. What plain TCP cannot tell, a receiver that dies after taking bytes into its buffer and before
 * writing them out, stays possible: syslog over TCP has no acknowledgement (RELP has; docs/operations.md).
 */
final class SyslogSink implements AuditSink {

	private final String host;

	private final int port;

	private final boolean tls;

	private final int timeoutMillis;

	private final @Nullable SSLSocketFactory tlsSockets;

	private final String appName;

	private final Facility facility;

	private final String hostname = localHostname();

	private @Nullable Socket socket;

	private @Nullable OutputStream out;

	SyslogSink(AuditStreamProperties.Sink sink, Duration timeout) {
		if (sink.host() == null || sink.host().isBlank()) {
			throw new ConfigurationProblem("tokenmint.audit.stream.sinks[].host", null, "required for a syslog sink",
					"Name the syslog receiver (host and port).");
		}
		try {
			this.facility = Facility.valueOf(sink.facility().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new ConfigurationProblem("tokenmint.audit.stream.sinks[].facility", sink.facility(), "a syslog facility",
					"Use AUTH, AUTHPRIV, DAEMON or LOCAL0 to LOCAL7.");
		}
		this.host = sink.host();
		this.port = sink.port();
		this.tls = sink.tls();
		this.timeoutMillis = (int) timeout.toMillis();
		this.appName = sink.appName();
		this.tlsSockets = sink.tls() ? tlsSockets(sink.tlsTrust()) : null;
	}

	/** The JVM's trust, or only the authorities of the PEM file the operator named. */
	private static SSLSocketFactory tlsSockets(@Nullable String trustFile) {
		if (trustFile == null || trustFile.isBlank()) {
			return (SSLSocketFactory) SSLSocketFactory.getDefault();
		}
		try (InputStream pem = Files.newInputStream(Path.of(trustFile))) {
			KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
			trusted.load(null, null);
			int n = 0;
			for (Certificate authority : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
				trusted.setCertificateEntry("authority-" + n++, authority);
			}
			if (n == 0) {
				throw new GeneralSecurityException("no certificate in it");
			}
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(trusted);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trust.getTrustManagers(), null);
			return context.getSocketFactory();
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new ConfigurationProblem("tokenmint.audit.stream.sinks[].tls-trust", trustFile, "a readable PEM file of CA certificates ("
					+ ex.getMessage() + ")", "Point it at the certificate of the authority that signed the syslog receiver's certificate.");
		}
	}

	@Override
	public void write(List<String> lines) throws IOException {
		OutputStream connection = connection();
		try {
			for (String line : lines) {
				SyslogMessage message = new SyslogMessage().withAppName(appName).withFacility(facility).withSeverity(Severity.INFORMATIONAL)
					.withMsgId("audit").withHostname(hostname).withTimestamp(System.currentTimeMillis()).withMsg(line);
				connection.write(message.toRfc5425SyslogMessage().getBytes(StandardCharsets.UTF_8));
			}
			connection.flush();
		}
		catch (IOException ex) {
			close();
			throw ex;
		}
	}

	/** The open connection, or a new one when there is none or the receiver has ended it. */
	private OutputStream connection() throws IOException {
		if (socket != null && ended(socket)) {
			close();
		}
		if (socket == null) {
			socket = tls ? openTls() : openPlain();
			out = socket.getOutputStream();
		}
		return out;
	}

	private Socket openPlain() throws IOException {
		SocketChannel channel = SocketChannel.open();
		try {
			channel.socket().connect(new InetSocketAddress(host, port), timeoutMillis);
		}
		catch (IOException ex) {
			channel.close();
			throw ex;
		}
		return channel.socket();
	}

	private Socket openTls() throws IOException {
		SSLSocket tlsSocket = (SSLSocket) tlsSockets.createSocket();
		try {
			// The receiver's certificate must name the host it was asked for, as HTTPS checks it: a certificate of
			// another host, however trusted its issuer, would let that host read the audit.
			SSLParameters parameters = tlsSocket.getSSLParameters();
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
			tlsSocket.setSSLParameters(parameters);
			tlsSocket.connect(new InetSocketAddress(host, port), timeoutMillis);
			tlsSocket.setSoTimeout(timeoutMillis);
			tlsSocket.startHandshake();
		}
		catch (IOException ex) {
			tlsSocket.close();
			throw ex;
		}
		return tlsSocket;
	}

	/** Whether the receiver has closed the connection: it sends nothing, so anything readable is its end. */
	private static boolean ended(Socket socket) {
		try {
			SocketChannel channel = socket.getChannel();
			if (channel != null) {
				channel.configureBlocking(false);
				try {
					return channel.read(ByteBuffer.allocate(1)) != 0;
				}
				finally {
					channel.configureBlocking(true);
				}
			}
			// TLS: a read that times out at once means the connection is open and quiet.
			int timeout = socket.getSoTimeout();
			socket.setSoTimeout(1);
			try {
				socket.getInputStream().read();
				return true;
			}
			catch (SocketTimeoutException quiet) {
				return false;
			}
			finally {
				socket.setSoTimeout(timeout);
			}
		}
		catch (IOException ex) {
			return true;
		}
	}

	@Override
	public void close() {
		if (socket != null) {
			try {
				socket.close();
			}
			catch (IOException ignored) {
				// a connection that is gone already
			}
		}
		socket = null;
		out = null;
	}

	private static String localHostname() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (IOException ex) {
			return "tokenmint";
		}
	}

}
