/**
 * API clients (customers' backends), their keys and the limits set when they were created; and the operator's admin key.
 */
@NullMarked
package io.tokenmint.client;

import org.jspecify.annotations.NullMarked;
