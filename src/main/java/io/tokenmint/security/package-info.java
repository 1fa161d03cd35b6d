/**
 * Who may call what: the security chain (deny by default), API-key and end-user authentication, CORS for browser
 * apps and the console's origin check.
 */
@NullMarked
package io.tokenmint.security;

import org.jspecify.annotations.NullMarked;
