package io.tokenmint.signing;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Publishes the public keys: as a JWK Set for verifiers that fetch keys by {@code kid}, and as SPKI PEM,
 * which is what Document Engine's {@code JWT_PUBLIC_KEY} and the MoEngage dashboard take.
 */
@RestController
class PublicKeyController {

	static final MediaType PEM = MediaType.parseMediaType("application/x-pem-file");

	private static final CacheControl CACHEABLE = CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic();

	private final KeyRing keyRing;

	private final JsonMapper json;

	/** The JWK Set of the last published list seen; rebuilt only when the key ring's list changes. */
	private volatile CachedJwks cached = new CachedJwks(null, null);

	PublicKeyController(KeyRing keyRing, JsonMapper json) {
		this.keyRing = keyRing;
		this.json = json;
	}

	private Map<String, Object> jwkSet() {
		List<SigningKey> published = keyRing.published();
		CachedJwks current = cached;
		if (current.source() != published) {
			List<Map<String, Object>> keys = published.stream()
				.map(key -> json.readValue(jwkJson(key), new TypeReference<Map<String, Object>>() { }))
				.toList();
			current = new CachedJwks(published, Map.of("keys", keys));
			cached = current;
		}
		return current.jwks();
	}

	private record CachedJwks(List<SigningKey> source, Map<String, Object> jwks) {
	}

	private String jwkJson(SigningKey key) {
		PublicJwk<?> jwk = Jwks.builder().key(key.publicKey()).id(key.kid())
			.algorithm(keyRing.algorithmOf(key).name()).publicKeyUse("sig").build();
		return Jwks.json(jwk);
	}

	@GetMapping(path = "/.well-known/jwks.json", produces = "application/json")
	ResponseEntity<Map<String, Object>> jwks() {
		return ResponseEntity.ok().cacheControl(CACHEABLE).body(jwkSet());
	}

	@GetMapping("/keys/current.pem")
	ResponseEntity<String> currentPem() {
		return pem(keyRing.currentKey());
	}

	/** The key a profile's tokens are signed with now, in the form its dashboard (or JWT_PUBLIC_KEY) takes. */
	@GetMapping("/keys/profiles/{profile}.pem")
	ResponseEntity<String> profilePem(@PathVariable String profile) {
		return pem(keyRing.keyFor(profile));
	}

	@GetMapping("/keys/{kid}.pem")
	ResponseEntity<String> pem(@PathVariable String kid) {
		return keyRing.find(kid).map(this::pem).orElseThrow(() -> new UnknownKey(kid));
	}

	private ResponseEntity<String> pem(SigningKey key) {
		return ResponseEntity.ok().contentType(PEM).cacheControl(CACHEABLE).header("X-Key-Id", key.kid()).body(key.publicKeyPem());
	}

}
