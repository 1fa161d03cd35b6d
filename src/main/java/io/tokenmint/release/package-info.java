/**
 * Which release this is and which releases it can run beside: the version, the oldest release that still works on
 * the database this release's migrations leave (expand and contract), the start-up check that refuses a database a
 * newer release has contracted, and the {@code upgrade-check} command that tells an operator before a rollout
 * whether replicas can be replaced one at a time.
 */
@NullMarked
package io.tokenmint.release;

import org.jspecify.annotations.NullMarked;
