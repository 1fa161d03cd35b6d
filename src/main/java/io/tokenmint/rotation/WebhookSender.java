package io.tokenmint.rotation;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Webhooks in the Standard Webhooks form (standardwebhooks.com): headers {@code webhook-id},
 * {@code webhook-timestamp} and {@code webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">}
 * under the secret given at registration. The id stays the same across retries, so that a receiver can drop
 * a repeat.
 */
@Component
class WebhookSender {

	private final ConsumerHttp http;

	private final JsonMapper json;

	WebhookSender(ConsumerHttp http, JsonMapper json) {
		this.http = http;
		this.json = json;
	}

	void send(String url, String secret, String id, String type, Map<String, ?> data, Instant now, Instant runDeadline) {
		String body = json.writeValueAsString(Map.of("type", type, "timestamp", now.toString(), "data", data));
		String timestamp = Long.toString(now.getEpochSecond());
		http.post(url, Map.of("webhook-id", id, "webhook-timestamp", timestamp, "webhook-signature",
				"v1," + sign(secret, id + "." + timestamp + "." + body)), body, http.deadline(runDeadline));
	}

	static String sign(String secret, String content) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
			return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("every Java runtime has HmacSHA256", ex);
		}
	}

}
