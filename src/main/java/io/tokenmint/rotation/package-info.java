/**
 * Zero-touch key rotation: the schedule that generates, publishes, activates, retires and destroys managed
 * keys, one replica at a time, and the consumers (Document Engine secrets APIs, webhooks) that are told of
 * every new key before it signs.
 */
@NullMarked
package io.tokenmint.rotation;

import org.jspecify.annotations.NullMarked;
