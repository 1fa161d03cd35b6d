package io.tokenmint.rotation;

import java.net.http.HttpClient;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/**
 * The HTTP client consumers are reached with: bounded waits, and no redirects, so that a credential is never
 * sent on to an address nobody registered.
 */
@Component
class ConsumerHttp {

	private final RestClient client;

	ConsumerHttp(RotationProperties properties) {
		HttpClient http = HttpClient.newBuilder()
			.connectTimeout(properties.requestTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
		factory.setReadTimeout(properties.requestTimeout());
		this.client = RestClient.builder().requestFactory(factory).build();
	}

	RestClient client() {
		return client;
	}

	/** What went wrong, fit for the audit and the admin API: a status or an exception's kind, never a body. */
	static String describe(RuntimeException failure) {
		if (failure instanceof RestClientResponseException response) {
			return "HTTP " + response.getStatusCode().value();
		}
		if (failure instanceof ResourceAccessException access && access.getCause() != null) {
			return "unreachable (" + access.getCause().getClass().getSimpleName() + ")";
		}
		return failure.getClass().getSimpleName();
	}

}
