#!/usr/bin/env bash
# Two replicas on one PostgreSQL, issuing under load: the callers' rate-limit buckets shared in PostgreSQL
# (tokenmint.rate-limit.shared=true, the default there) against kept per replica (false), side by side in one
# run, so that the price of one limit for the whole cluster is a ratio measured on the same machine.
# The client's limit is set high (100000/s) so that it never refuses: what is measured is the bookkeeping.
#
# Usage: bench/cluster.sh   (env: JAVA=java DURATION=20 WARMUP=40 CONNECTIONS=8 (per replica) ROUNDS=2)
# Needs PostgreSQL's server binaries (apt-get install postgresql) and wrk; run as root or as a user that
# may start PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-40}
CONNECTIONS=${CONNECTIONS:-8}
ROUNDS=${ROUNDS:-2}
JAVA=${JAVA:-java}
ADMIN_KEY=bench-admin-key-0123456789abcdef
PG_PORT=${PG_PORT:-55432}
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
[ -x "$PG_BIN/postgres" ] || { echo "PostgreSQL's server is missing: apt-get install postgresql" >&2; exit 1; }
JAR=$(packaged_jar)
WORK=$(mktemp -d /tmp/tokenmint-cluster-bench.XXXXXX)
chmod 755 "$WORK"
cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$WORK/pg" && [ "$(id -u)" = 0 ] && chown postgres "$WORK/pg"
as_postgres "$PG_BIN/initdb" -D "$WORK/pg" -A trust -U postgres >/dev/null
as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg" -o "-p $PG_PORT -k $WORK/pg -c max_connections=100" -l "$WORK/pg/log" -w start >/dev/null

PIDS=()
# Starts two replicas on database $1 with shared buckets $2.
start_pair() {
  local db=$1 shared=$2
  psql -q -h "$WORK/pg" -p "$PG_PORT" -U postgres -c "CREATE DATABASE $db" >/dev/null
  PIDS=()
  for port in 18081 18082; do
    local dir="$WORK/$db-$port"; mkdir -p "$dir/data"
    (cd "$dir" && exec env TOKENMINT_ADMIN_API_KEY=$ADMIN_KEY SPRING_DATASOURCE_URL="jdbc:postgresql://localhost:$PG_PORT/$db" \
       SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD= TOKENMINT_SIGNING_KEYSTORE="$WORK/keys/$db.p12" \
       TOKENMINT_RATELIMIT_SHARED=$shared TOKENMINT_RATELIMIT_CLIENT_PERSECOND=100000 TOKENMINT_RATELIMIT_CLIENT_BURST=100000 \
       SERVER_PORT=$port "$JAVA" -Xmx256m -jar "$JAR" > "$dir/tokenmint.log" 2>&1) &
    PIDS+=($!)
    until curl -sf "localhost:$port/actuator/health/readiness" >/dev/null 2>&1; do
      kill -0 "${PIDS[-1]}" 2>/dev/null || { tail -30 "$dir/tokenmint.log" >&2; exit 1; }
      sleep 0.1
    done
  done
  export BENCH_API_KEY=$(curl -s -X POST "localhost:18081/admin/clients" -H "X-Api-Key: $ADMIN_KEY" -H 'Content-Type: application/json' \
    -d '{"name":"bench","max_permissions":"all","documents":["*"]}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["api_key"])')
}

stop_pair() {
  kill "${PIDS[@]}"; wait "${PIDS[@]}" 2>/dev/null || true
}

# Transactions committed so far in database $1: the audit's group commits, and the buckets' settlements.
commits() {
  psql -qtA -h "$WORK/pg" -p "$PG_PORT" -U postgres -c "SELECT xact_commit FROM pg_stat_database WHERE datname = '$1'"
}

# Drives both replicas at once for $1 seconds; prints the summed tokens/s, the worse p99 and the non-2xx.
load_pair() {
  local seconds=$1
  wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --latency -s bench/tokens.lua http://localhost:18081/tokens > "$WORK/a" &
  local other=$!
  wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --latency -s bench/tokens.lua http://localhost:18082/tokens > "$WORK/b"
  wait "$other"
  python3 - "$WORK/a" "$WORK/b" <<'PY'
import re, sys
rows = [dict(re.findall(r'(\w+)=([0-9.]+)', open(f).read().split('RESULT')[1])) for f in sys.argv[1:]]
print("%.0f %.2f %d" % (sum(float(r['tokens_per_s']) for r in rows), max(float(r['p99_ms']) for r in rows),
      sum(int(r['non2xx']) + int(r['errors']) for r in rows)))
PY
}

mkdir -p "$WORK/keys"
echo "two replicas on one PostgreSQL ($("$PG_BIN/postgres" --version)), $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
echo "per replica: ${CONNECTIONS} connections; warm-up ${WARMUP}s, then ${DURATION}s per row; ${ROUNDS} rounds, modes alternating"
printf '%-6s %-22s %12s %10s %7s %12s\n' round buckets tokens/s worst_p99 non2xx commits/token
for round in $(seq 1 "$ROUNDS"); do
  for shared in true false; do
    db="bench_${round}_${shared}"
    start_pair "$db" "$shared"
    load_pair "$WARMUP" >/dev/null
    BEFORE=$(commits "$db")
    read -r TPS P99 BAD < <(load_pair "$DURATION")
    AFTER=$(commits "$db")
    printf '%-6s %-22s %12s %10s %7s %12s\n' "$round" "$([ "$shared" = true ] && echo "shared (PostgreSQL)" || echo "per replica")" "$TPS" \
      "$P99" "$BAD" "$(python3 -c "print('%.3f' % (($AFTER - $BEFORE) / ($TPS * $DURATION)))")"
    stop_pair
  done
done
