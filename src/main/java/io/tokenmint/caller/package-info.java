/**
 * Who is calling, once authentication has decided: an API client, a signed-in app user, or the operator.
 */
@NullMarked
package io.tokenmint.caller;

import org.jspecify.annotations.NullMarked;
