/**
 * Rate limits and throttles: token buckets per caller and per address, shared by replicas on PostgreSQL, and the
 * throttle on failed authentications.
 */
@NullMarked
package io.tokenmint.ratelimit;

import org.jspecify.annotations.NullMarked;
