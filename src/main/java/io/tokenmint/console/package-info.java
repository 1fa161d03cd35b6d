/**
 * The operators' console under {@code /console}: its own session-based security chain (admin key or the
 * operators' identity provider), the sign-in and the overview. The pages of each feature live in that
 * feature's package and share the templates under {@code templates/console}.
 */
@NullMarked
package io.tokenmint.console;

import org.jspecify.annotations.NullMarked;
