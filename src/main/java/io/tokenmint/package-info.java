/**
 * tokenmint issues signed JWTs to mobile and web SDKs. Each sub-package is a module, kept apart by
 * {@code ModularityTests}: a request walks {@code token} → {@code policy} → {@code profile} → {@code signing} →
 * {@code audit}. The types here are shared by all of them.
 */
@NullMarked
package io.tokenmint;

import org.jspecify.annotations.NullMarked;
