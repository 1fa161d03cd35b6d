/**
 * POST /tokens and POST /tokens/verify: the issuing pipeline and the verifier, which name no profile.
 */
@NullMarked
package io.tokenmint.token;

import org.jspecify.annotations.NullMarked;
