/**
 * Token profiles, one per consumer (instant, moengage, braze, and custom ones from configuration): the fields each reads, the claims it builds and what verify checks for it.
 */
@NullMarked
package io.tokenmint.profile;

import org.jspecify.annotations.NullMarked;
