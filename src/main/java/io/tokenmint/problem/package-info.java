/**
 * Every error answer's machine-readable code and the exceptions domain code throws; the web layer turns them into problem+json.
 */
@NullMarked
package io.tokenmint.problem;

import org.jspecify.annotations.NullMarked;
