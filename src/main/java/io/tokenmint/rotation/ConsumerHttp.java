package io.tokenmint.rotation;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * How consumers are reached, at arm's length: every connection's address checked against the
 * {@link ConsumerAddressPolicy} as it is made, no redirects (a credential is never sent on to an address nobody
 * registered), no proxy, no compression asked for or undone, bounded header lines and counts, an answer read up
 * to {@code max-answer-size} and no further, and a hard deadline on each exchange after which the connection
 * is cut, however slowly the other side drips.
 */
@Component
class ConsumerHttp implements DisposableBean {

	private final CloseableHttpClient client;

	private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
		Thread thread = new Thread(runnable, "consumer-http-deadline");
		thread.setDaemon(true);
		return thread;
	});

	private final int maxAnswer;

	private final Duration requestTimeout;

	private final ConsumerAddressPolicy policy;

	ConsumerHttp(RotationProperties properties, ConsumerAddressPolicy policy) {
		this.policy = policy;
		this.maxAnswer = (int) Math.min(Integer.MAX_VALUE - 1, properties.maxAnswerSize().toBytes());
		this.requestTimeout = properties.requestTimeout();
		Timeout timeout = Timeout.of(properties.requestTimeout());
		var connections = PoolingHttpClientConnectionManagerBuilder.create()
			.setDnsResolver(new CheckedResolver(policy))
			.setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
				.http1Config(Http1Config.custom().setMaxLineLength(8192).setMaxHeaderCount(100).setMaxEmptyLineCount(4).build())
				.build())
			.setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout).setSocketTimeout(timeout).build())
			.setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(timeout).build())
			.build();
		this.client = HttpClients.custom()
			.setConnectionManager(connections)
			// A connection is used once: nothing half-read is ever handed to the next request.
			.setConnectionReuseStrategy((request, response, context) -> false)
			.disableRedirectHandling()
			.disableContentCompression()
			.disableAutomaticRetries()
			.disableCookieManagement()
			.disableAuthCaching()
			.setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).setConnectionRequestTimeout(timeout).build())
			.build();
	}

	/** A 2xx answer's status and body. */
	record Answer(int status, byte[] body) {
	}

	Answer post(String url, Map<String, String> headers, String json, Instant deadline) {
		HttpPost post = new HttpPost(url);
		post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
		return exchange(post, headers, deadline);
	}

	Answer get(String url, Map<String, String> headers, Instant deadline) {
		return exchange(new HttpGet(url), headers, deadline);
	}

	/** The deadline of one exchange that starts now, within a run's deadline. */
	Instant deadline(Instant runDeadline) {
		Instant own = Instant.now().plus(requestTimeout);
		return own.isBefore(runDeadline) ? own : runDeadline;
	}

	private Answer exchange(HttpUriRequestBase request, Map<String, String> headers, Instant deadline) {
		headers.forEach(request::setHeader);
		long left = Duration.between(Instant.now(), deadline).toMillis();
		if (left <= 0) {
			throw new Failed("not attempted: the run's delivery budget was spent");
		}
		try {
			// Also here, not only when connecting: an address literal need not pass through name resolution.
			policy.resolveChecked(request.getUri().getHost());
		}
		catch (UnknownHostException | java.net.URISyntaxException ex) {
			throw new Failed(describe(ex));
		}
		ScheduledFuture<?> cut = watchdog.schedule(request::cancel, left, TimeUnit.MILLISECONDS);
		try (CloseableHttpResponse response = client.execute(request)) {
			int status = response.getCode();
			if (status < 200 || status > 299) {
				// Its body is not read at all: cut, so that closing does not read an endless one to its end.
				request.cancel();
				throw new Failed("HTTP " + status);
			}
			HttpEntity entity = response.getEntity();
			byte[] body = new byte[0];
			if (entity != null) {
				InputStream in = entity.getContent();
				body = in.readNBytes(maxAnswer + 1);
				if (body.length > maxAnswer) {
					// Cut the connection before anything closes the stream: closing a chunked stream reads it to its end.
					request.cancel();
					throw new Failed("answer larger than " + maxAnswer + " bytes");
				}
				in.close();
			}
			return new Answer(status, body);
		}
		catch (IOException ex) {
			if (request.isCancelled()) {
				throw new Failed("no complete answer within the deadline");
			}
			throw new Failed(describe(ex));
		}
		finally {
			cut.cancel(false);
			request.cancel();
		}
	}

	/** What went wrong, fit for the audit and the admin API: a status or the kind of failure, never a body. */
	static String describe(Throwable failure) {
		if (failure instanceof Failed failed) {
			return failed.getMessage();
		}
		if (failure instanceof UnknownHostException unknown && unknown.getMessage() != null
				&& unknown.getMessage().startsWith("refused by the consumer address policy")) {
			return unknown.getMessage();
		}
		if (failure instanceof SSLException) {
			return "TLS failed (" + failure.getClass().getSimpleName() + ")";
		}
		if (failure instanceof IOException) {
			return "unreachable (" + failure.getClass().getSimpleName() + ")";
		}
		return failure.getClass().getSimpleName();
	}

	@Override
	public void destroy() throws IOException {
		watchdog.shutdownNow();
		client.close();
	}

	/** A consumer did not take a request; the message says why, without a word of its answer. */
	static final class Failed extends RuntimeException {

		Failed(String why) {
			super(why, null, false, false);
		}

	}

	/** Resolution that refuses, on every connection, the addresses the policy refuses. */
	private record CheckedResolver(ConsumerAddressPolicy policy) implements DnsResolver {

		@Override
		public InetAddress[] resolve(String host) throws UnknownHostException {
			return policy.resolveChecked(host);
		}

		@Override
		public String resolveCanonicalHostname(String host) throws UnknownHostException {
			return host;
		}

		@Override
		public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
			return Arrays.stream(resolve(host)).map(address -> new InetSocketAddress(address, port)).toList();
		}

	}

}
