/**
 * The durable record of what was issued and refused, and of every administrative change: the group-commit writer, bounded excerpts, queries and export.
 */
@NullMarked
package io.tokenmint.audit;

import org.jspecify.annotations.NullMarked;
