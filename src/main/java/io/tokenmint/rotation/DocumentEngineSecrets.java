package io.tokenmint.rotation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * A Document Engine's secrets API, as Nutrient documents it (guides/document-engine/management/secrets-rotation):
 * {@code POST /api/secrets/jwt} with {@code {"secret": <PEM>, "expiresAt": <ISO 8601 UTC>}} and
 * {@code Authorization: Token token="<API_AUTH_TOKEN>"} adds a public key beside the current one; a secret that
 * is not the current one must carry an expiry, after which Document Engine drops it. The same path answers
 * {@code GET} with the secrets it holds; tokenmint reads them back and looks for the PEM it sent, whatever
 * the shape of the answer, rather than trust a 2xx alone.
 */
@Component
class DocumentEngineSecrets {

	private final ConsumerHttp http;

	private final JsonMapper json;

	DocumentEngineSecrets(ConsumerHttp http, JsonMapper json) {
		this.http = http;
		this.json = json;
	}

	/** Adds the key with this expiry (whole seconds, rounded up) and confirms that Document Engine holds it. */
	void add(String baseUrl, String token, String pem, Instant expiresAt, Instant runDeadline) {
		Map<String, String> body = new LinkedHashMap<>();
		body.put("secret", pem);
		body.put("expiresAt", expiresAt.toString());
		http.post(baseUrl + "/api/secrets/jwt", Map.of(HttpHeaders.AUTHORIZATION, authorization(token)), json.writeValueAsString(body),
				http.deadline(runDeadline));
		if (!holds(baseUrl, token, pem, runDeadline)) {
			throw new ConsumerHttp.Failed("accepted, but not among the secrets read back");
		}
	}

	boolean holds(String baseUrl, String token, String pem, Instant runDeadline) {
		byte[] answer = http.get(baseUrl + "/api/secrets/jwt",
				Map.of(HttpHeaders.AUTHORIZATION, authorization(token), HttpHeaders.ACCEPT, "application/json"), http.deadline(runDeadline))
			.body();
		JsonNode tree;
		try {
			tree = json.readTree(answer);
		}
		catch (JacksonException ex) {
			throw new ConsumerHttp.Failed("the secrets read back are not JSON");
		}
		String wanted = normalized(pem);
		List<String> texts = new ArrayList<>();
		collect(tree, texts);
		return texts.stream().map(DocumentEngineSecrets::normalized).anyMatch(wanted::equals);
	}

	static Instant wholeSeconds(Instant instant) {
		Instant truncated = instant.truncatedTo(ChronoUnit.SECONDS);
		return truncated.equals(instant) ? truncated : truncated.plusSeconds(1);
	}

	/** The answer is capped in bytes, and Jackson's nesting limit bounds how deep this goes. */
	private static void collect(JsonNode node, List<String> texts) {
		if (node.isString()) {
			texts.add(node.asString());
		}
		for (JsonNode child : node) {
			collect(child, texts);
		}
	}

	private static String normalized(String pem) {
		return pem.replaceAll("\\s", "");
	}

	private static String authorization(String token) {
		return "Token token=\"" + token + "\"";
	}

}
