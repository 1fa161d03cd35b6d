package io.tokenmint.signing;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A managed key as stored: the public key in the clear, the private key only wrapped.
 *
 * @param publicKey base64 of the X.509 SubjectPublicKeyInfo
 * @param wrappedPrivate base64 of the PKCS#8 private key wrapped under the key-encryption key; {@code null} once destroyed
 * @param activateAt when the schedule (or an admin) planned it to start signing
 */
record ManagedKeyRecord(String kid, TokenAlgorithm algorithm, String publicKey, @Nullable String wrappedPrivate, String kekAlias,
		Instant createdAt, Instant activateAt, @Nullable Instant destroyedAt) {

	@Override
	public String toString() {
		// The wrapped private key stays out of every log line, even wrapped.
		return "ManagedKeyRecord[kid=" + kid + ", algorithm=" + algorithm + ", destroyed=" + (destroyedAt != null) + "]";
	}

}
