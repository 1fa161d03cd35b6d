/**
 * Signing keys from a keystore or PKCS#11 token, their states, the JWKS and PEM endpoints, and the signer.
 */
@NullMarked
package io.tokenmint.signing;

import org.jspecify.annotations.NullMarked;
