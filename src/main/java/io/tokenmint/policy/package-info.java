/**
 * Who may get which tokens: grants for signed-in users, a client's scope for backends, and the one place that tells callers apart (AccessPolicy).
 */
@NullMarked
package io.tokenmint.policy;

import org.jspecify.annotations.NullMarked;
