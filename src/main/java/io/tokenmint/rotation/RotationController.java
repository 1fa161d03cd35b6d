package io.tokenmint.rotation;

import com.fasterxml.jackson.annotation.JsonProperty;

import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Rotation on request; only the admin key gets in. */
@RestController
class RotationController {

	private final KeyRotation rotation;

	RotationController(KeyRotation rotation) {
		this.rotation = rotation;
	}

	/**
	 * @param algorithm which algorithm's shared key to replace; optional when the profiles use one
	 * @param profile a profile with keys of its own: replace its key instead
	 * @param emergency sign with the successor at once and withdraw the current key (a leaked key)
	 * @param overrideConsumers with emergency: activate even if a required consumer does not have the successor
	 */
	record RotateRequest(@Nullable String algorithm, @Nullable String profile, @Nullable Boolean emergency,
			@JsonProperty("override_consumers") @Nullable Boolean overrideConsumers) {
	}

	@PostMapping(path = "/admin/keys/rotate", produces = MediaType.APPLICATION_JSON_VALUE)
	RotationResult rotate(@RequestBody(required = false) @Nullable RotateRequest request) {
		RotateRequest body = request == null ? new RotateRequest(null, null, null, null) : request;
		return rotation.rotateOnRequest(body.algorithm(), body.profile(), Boolean.TRUE.equals(body.emergency()),
				Boolean.TRUE.equals(body.overrideConsumers()));
	}

}
