#!/usr/bin/env bash
# The embedded default's disk use while it serves: the packaged jar as the README's first command runs it
# (H2 file database under data/), at a steady 20 tokens/s and then at full load, with the retention purge
# running. Each minute it prints the data directory's size next to the records' own size (the live records
# times their average size in the NDJSON export) and the ratio of the two. Then it idles, and finally it stops the
# service and reports what a graceful stop leaves.
#
# Usage: bench/h2-soak.sh   (env: RATE_MINUTES=5 FULL_MINUTES=5 IDLE_MINUTES=1 RETENTION=3m RATE_DELAY_MS=50
#                            CONNECTIONS=8 JAVA=java COMPACT_EVERY=<tokenmint.embedded-database.compact-every; 0 = off>
#                            H2_URL=<a datasource URL to compare with the default>)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
RATE_MINUTES=${RATE_MINUTES:-5}
FULL_MINUTES=${FULL_MINUTES:-5}
IDLE_MINUTES=${IDLE_MINUTES:-1}
RETENTION=${RETENTION:-3m}
RATE_DELAY_MS=${RATE_DELAY_MS:-50}
CONNECTIONS=${CONNECTIONS:-8}
JAVA=${JAVA:-java}
PORT=${PORT:-18091}
ADMIN_KEY=soak-admin-key-0123456789abcdef

command -v wrk > /dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
JAR=$(packaged_jar)
WORK=$(mktemp -d /tmp/tokenmint-soak.XXXXXX)
cleanup() {
  kill $(jobs -p) 2> /dev/null || true
  mkdir -p target && cp "$WORK/run/tokenmint.log" target/h2-soak.log 2> /dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$WORK/run/data"
IMAGE_OPTS=$(image_java_options 512m)
(cd "$WORK/run" && exec env TOKENMINT_ADMIN_API_KEY=$ADMIN_KEY TOKENMINT_RATELIMIT_ENABLED=false SERVER_PORT=$PORT \
   TOKENMINT_AUDIT_RETENTION="$RETENTION" TOKENMINT_AUDIT_PURGEINTERVAL=30s TOKENMINT_AUDIT_PURGEDELAY=30s \
   ${COMPACT_EVERY:+TOKENMINT_EMBEDDEDDATABASE_COMPACTEVERY=$COMPACT_EVERY} ${H2_URL:+SPRING_DATASOURCE_URL=$H2_URL} "$JAVA" $IMAGE_OPTS -jar "$JAR" > "$WORK/run/tokenmint.log" 2>&1) &
PID=$!
wait_ready "$PID" "$WORK/run/tokenmint.log"
export BENCH_API_KEY=$(bench_client soak)

# Records answered so far (issued and refused), from the service's own counters; minus what the purge removed.
answered() {
  curl -s "localhost:$PORT/actuator/prometheus" -H "X-Api-Key: $ADMIN_KEY" \
    | awk '/^tokenmint_tokens_(issued|refused)_total/ { sum += $2 } END { printf "%d", sum }'
}
purged() { { grep -oE 'Purged [0-9]+' "$WORK/run/tokenmint.log" || true; } | awk '{ sum += $2 } END { printf "%d", sum }'; }
# The records' own size: the average NDJSON record, measured on a sample of the newest.
record_bytes() {
  curl -s "localhost:$PORT/admin/audit?limit=500" -H "X-Api-Key: $ADMIN_KEY" | jq -c '.items[]' | awk '{ n++; b += length($0) + 1 } END { printf "%d", n ? b / n : 500 }'
}
START=$(date +%s)
report() { # phase
  local live bytes data
  [ -n "${RECORD_BYTES:-}" ] || RECORD_BYTES=$(record_bytes)
  live=$(( $(answered) - $(purged) ))
  [ "$live" -ge 0 ] || live=0 # the counters and the purge log are read moments apart
  bytes=$(( live * RECORD_BYTES ))
  data=$(du -sb "$WORK/run/data" | cut -f1)
  fill=$(curl -s "localhost:$PORT/actuator/prometheus" -H "X-Api-Key: $ADMIN_KEY" | awk '/^tokenmint_database_file_fill/ { print $2 }')
  awk -v phase="$1" -v t=$(( $(date +%s) - START )) -v live="$live" -v bytes="$bytes" -v data="$data" -v fill="${fill:-0}" 'BEGIN {
    printf "SOAK phase=%s t=%ds live_records=%d records_mb=%.1f data_mb=%.1f ratio=%.2f file_fill=%.2f\n", phase, t, live,
      bytes / 1048576, data / 1048576, (bytes > 0 ? data / bytes : 0), fill }'
}
run_for() { # phase, minutes, wrk arguments...
  local phase=$1 minutes=$2
  shift 2
  wrk "$@" -d"$((minutes * 60))s" -s bench/tokens.lua "http://localhost:$PORT/tokens" > "$WORK/wrk-$phase.txt" &
  local load=$!
  for _ in $(seq "$minutes"); do
    sleep 60
    report "$phase"
  done
  wait "$load"
  grep '^RESULT' "$WORK/wrk-$phase.txt" | sed "s/^RESULT/RESULT phase=$phase/"
}

BENCH_DELAY_MS=$RATE_DELAY_MS run_for steady "$RATE_MINUTES" -t1 -c1
echo "SOAK record_bytes=$RECORD_BYTES (average NDJSON record) retention=$RETENTION compact_every=${COMPACT_EVERY:-default}"
run_for full "$FULL_MINUTES" -t2 -c"$CONNECTIONS"
for _ in $(seq "$IDLE_MINUTES"); do
  sleep 60
  report idle
done
kill "$PID"
wait "$PID" 2> /dev/null || true
du -sb "$WORK/run/data" | awk '{ printf "SOAK stopped data_mb=%.1f\n", $1 / 1048576 }'
