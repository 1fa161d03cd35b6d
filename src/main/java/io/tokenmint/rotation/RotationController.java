package io.tokenmint.rotation;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.tokenmint.problem.InvalidRequest;
import io.tokenmint.problem.ProblemCode;
import io.tokenmint.problem.Violation;
import io.tokenmint.signing.ManagedKeys;
import io.tokenmint.signing.TokenAlgorithm;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Rotation on request; only the admin key gets in. */
@RestController
class RotationController {

	private final KeyRotation rotation;

	private final ManagedKeys keys;

	RotationController(KeyRotation rotation, ManagedKeys keys) {
		this.rotation = rotation;
		this.keys = keys;
	}

	/**
	 * @param algorithm which algorithm's key to replace; optional when the profiles use one
	 * @param emergency sign with the successor at once and withdraw the current key (a leaked key)
	 * @param overrideConsumers with emergency: activate even if a required consumer does not have the successor
	 */
	record RotateRequest(@Nullable String algorithm, @Nullable Boolean emergency,
			@JsonProperty("override_consumers") @Nullable Boolean overrideConsumers) {
	}

	@PostMapping(path = "/admin/keys/rotate", produces = MediaType.APPLICATION_JSON_VALUE)
	RotationResult rotate(@RequestBody(required = false) @Nullable RotateRequest request) {
		RotateRequest body = request == null ? new RotateRequest(null, null, null) : request;
		keys.kek();
		return rotation.rotate(algorithm(keys.algorithms(), body.algorithm()), Boolean.TRUE.equals(body.emergency()),
				Boolean.TRUE.equals(body.overrideConsumers()));
	}

	/** The algorithm to rotate: the one named, or the only one in use. */
	static TokenAlgorithm algorithm(Set<TokenAlgorithm> inUse, @Nullable String name) {
		if (name == null) {
			if (inUse.size() == 1) {
				return inUse.iterator().next();
			}
			throw new InvalidRequest(List.of(new Violation(ProblemCode.FIELD_REQUIRED, "/algorithm",
					"the profiles sign with " + new java.util.TreeSet<>(inUse) + ": name the one to rotate")));
		}
		return TokenAlgorithm.fromName(name).filter(inUse::contains).orElseThrow(() -> new InvalidRequest(List.of(new Violation(
				ProblemCode.INVALID_PARAMETER, "/algorithm", "must be one the profiles sign with: " + new java.util.TreeSet<>(inUse)))));
	}

}
