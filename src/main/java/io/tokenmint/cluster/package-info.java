/**
 * What replicas tell each other: changes to shared administrative state (clients, grants, keys) pushed
 * through PostgreSQL LISTEN/NOTIFY, and rate-limit buckets kept in PostgreSQL, so that a cluster behaves
 * like one service. On the embedded H2 database (one replica) both stay local.
 */
@NullMarked
package io.tokenmint.cluster;

import org.jspecify.annotations.NullMarked;
