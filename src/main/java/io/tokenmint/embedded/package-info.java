/**
 * The embedded default database (H2, a file under {@code data/}) kept to the size of what it holds while it
 * serves. Every commit reaches the file before its answer leaves ({@code WRITE_DELAY=0}), and then H2 does no
 * upkeep of its own; this module does it. On PostgreSQL it does nothing.
 */
@NullMarked
package io.tokenmint.embedded;

import org.jspecify.annotations.NullMarked;
