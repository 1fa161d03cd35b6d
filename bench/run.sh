#!/usr/bin/env bash
# tokenmint benchmark: builds tokenmint and starts it with its embedded defaults (H2, a keystore in a scratch
# directory) the way the container image runs it: the extracted jar, the image's JVM options, the memory limit
# of compose.yaml, and the image's ahead-of-time cache where the JVM has one (JDK 25+). It creates an API
# client, warms up, drives POST /tokens with wrk at 16 and 64 keep-alive connections, and measures in the same
# run the raw signing rate of the same provider and key on 2 threads without HTTP. Prints tokens/s, p50/p99,
# non-2xx, peak RSS, raw rate and the ratio, for RS256 and ES256; the first 30 s of the warm-up as a "cold"
# row; and start-up to ready, both as the image starts and as a plain `java -jar`. In the same run it prices
# each layer of a request (the cost ladder: the liveness probe, then POST /tokens stopped after authentication,
# after JSON, after the decision, after signing, and whole, at 16 connections; tokenmint.bench.ladder=true) and
# measures the fair peer, Nutrient's kind of hand-written endpoint (bench/node-peer.js, Node.js + jsonwebtoken,
# installed from npm into a scratch directory), with the same warm-up, in slices that alternate with tokenmint's
# and the raw signing rate's, and prints tokenmint's ratios to both from those slices.
#
# Usage: bench/run.sh   (env: JAVA=java DURATION=30 WARMUP=90 CONNECTIONS="16 64" ALGORITHMS="RS256 ES256"
#                        ENGINE=accp|jdk MEMORY=512m (the container limit to emulate) JAVA_OPTS= (added last)
#                        LADDER=1 NODE=1 (0 leaves the ladder or the Node peer out)
#                        ROUNDS=3 SLICE=10 (the side-by-side rounds of tokenmint, the peer and raw signing))
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
DURATION=${DURATION:-30}
WARMUP=${WARMUP:-90}
CONNECTIONS=${CONNECTIONS:-"16 64"}
ALGORITHMS=${ALGORITHMS:-"RS256 ES256"}
ENGINE=${ENGINE:-accp}
JAVA=${JAVA:-java}
MEMORY=${MEMORY:-512m}
JAVA_OPTS=${JAVA_OPTS:-}
PORT=${PORT:-18080}
LADDER=${LADDER:-1}
NODE=${NODE:-1}
ROUNDS=${ROUNDS:-3}
SLICE=${SLICE:-10}
ADMIN_KEY=bench-admin-key-0123456789abcdef
PASSWORD=bench-keystore-pass

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
JAR=$(packaged_jar)
WORK=$(mktemp -d /tmp/tokenmint-bench.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

# The image's layout and JVM options (its JAVA_TOOL_OPTIONS, read from the Dockerfile), and compose.yaml's
# memory limit, which the JVM sizes its heap from: MaxRAM stands in for the container's cgroup limit.
"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$WORK/app" >/dev/null
mv "$WORK/app/$(basename "$JAR")" "$WORK/app/tokenmint.jar"
IMAGE_OPTS=$(image_java_options "$MEMORY")
JAVA_FEATURE=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -nE 's/.*java.specification.version = ([0-9]+).*/\1/p')
AOT="no AOT cache (JDK $JAVA_FEATURE < 25)"
if [ "$JAVA_FEATURE" -ge 25 ]; then
  JAVA_TOOL_OPTIONS="$IMAGE_OPTS" src/main/docker/aot-cache.sh "$WORK/app" "$JAVA" 2>&1 | grep -v '^Picked up' || true
  IMAGE_OPTS="-XX:AOTCache=$WORK/app/tokenmint.aot $IMAGE_OPTS"
  AOT="the image's AOT cache"
fi

# Starts jar $3 in directory $1 with the java options $2, for algorithm $ALG; sets PID, READY_MS, STARTED.
start() {
  local dir=$1 opts=$2 jar=$3 started_at
  mkdir -p "$dir/data"
  started_at=$(date +%s%N)
  (cd "$dir" && exec env TOKENMINT_ADMIN_API_KEY=$ADMIN_KEY TOKENMINT_KEYSTORE_PASSWORD=$PASSWORD \
     TOKENMINT_SIGNING_KEYSTORE=keys/signing.p12 TOKENMINT_SIGNING_GENERATEIFMISSING=false \
     TOKENMINT_PROFILES_INSTANT_ALGORITHM=$ALG TOKENMINT_RATELIMIT_ENABLED=false \
     TOKENMINT_SIGNING_ACCP=$([ "$ENGINE" = accp ] && echo true || echo false) SERVER_PORT=$PORT $EXTRA \
     TOKENMINT_BENCH_LADDER=$([ "$LADDER" = 1 ] && echo true || echo false) \
     "$JAVA" $opts -jar "$jar" > "$dir/tokenmint.log" 2>&1) &
  PID=$!
  until curl -sf "localhost:$PORT/actuator/health/readiness" >/dev/null 2>&1; do
    kill -0 "$PID" 2>/dev/null || { tail -30 "$dir/tokenmint.log" >&2; exit 1; }
    sleep 0.05
  done
  READY_MS=$(( ($(date +%s%N) - started_at) / 1000000 ))
  STARTED=$(grep -o 'Started TokenmintApplication in [0-9.]* seconds' "$dir/tokenmint.log" | grep -o '[0-9.]*' || echo "?")
}

stop() {
  kill "$PID"; wait "$PID" 2>/dev/null || true
}

load() {   # connections seconds [url] -> RESULT line
  wrk -t2 -c"$1" -d"${2}s" --latency -s bench/tokens.lua "${3:-http://localhost:$PORT/tokens}" | grep '^RESULT'
}
tps() { sed -E 's/.*tokens_per_s=([0-9]+).*/\1/' <<< "$1"; }
failed() { sed -E 's/.*non2xx=([0-9]+) errors=([0-9]+).*/\1 \2/' <<< "$1" | awk '{ print $1 + $2 }'; }
# The raw signing rate of this algorithm's key for $1 seconds on 2 threads, without HTTP.
raw() { "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$WORK/app/lib/*" bench/RawSigningRate.java "$RUN/keys/signing.p12" "$PASSWORD" "$ALIAS" "$ALG" 2 "$1" "$ENGINE"; }

if [ "$NODE" = 1 ]; then
  command -v node > /dev/null && command -v npm > /dev/null || { echo "node and npm are missing (NODE=0 leaves the peer out)" >&2; exit 1; }
  mkdir -p "$WORK/node" && (cd "$WORK/node" && npm init -y > /dev/null && npm install --silent --no-audit --no-fund jsonwebtoken@9 > /dev/null)
  cp bench/node-peer.js "$WORK/node/"
fi

echo "tokenmint benchmark: $(nproc) cores, $("$JAVA" -version 2>&1 | head -1), engine $ENGINE, $AOT"
echo "JVM options as the image: $IMAGE_OPTS $JAVA_OPTS"
echo "warm-up ${WARMUP}s at 16 connections (its first 30 s are the 'cold' row), then ${DURATION}s per row"
printf '%-6s %-7s %10s %8s %8s %7s %8s %10s %7s\n' alg conns tokens/s p50_ms p99_ms non2xx rss_MB raw/s ratio

for ALG in $ALGORITHMS; do
  RUN="$WORK/$ALG"; mkdir -p "$RUN/keys"
  case $ALG in
    RS256) KEYARGS="-keyalg RSA -keysize 2048"; ALIAS=bench-rsa; EXTRA="" ;;
    ES256) KEYARGS="-keyalg EC -groupname secp256r1"; ALIAS=bench-ec; EXTRA="TOKENMINT_PROFILES_MOENGAGE_ENABLED=false TOKENMINT_PROFILES_BRAZE_ENABLED=false" ;;
  esac
  keytool -genkeypair -keystore "$RUN/keys/signing.p12" -storetype PKCS12 -storepass "$PASSWORD" -alias "$ALIAS" \
    $KEYARGS -dname "CN=$ALIAS" -validity 30 >/dev/null 2>&1

  # Start-up as a plain `java -jar` with the JVM's own defaults, for comparison; then a fresh start as the image.
  mkdir -p "$RUN/plain/keys" && cp "$RUN/keys/signing.p12" "$RUN/plain/keys/"
  start "$RUN/plain" "$JAVA_OPTS" "$JAR"; PLAIN_MS=$READY_MS; PLAIN_STARTED=$STARTED; stop
  start "$RUN" "$IMAGE_OPTS $JAVA_OPTS" "$WORK/app/tokenmint.jar"

  export BENCH_API_KEY=$(curl -s -X POST "localhost:$PORT/admin/clients" -H "X-Api-Key: $ADMIN_KEY" -H 'Content-Type: application/json' \
    -d '{"name":"bench","max_permissions":"all","documents":["*"]}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["api_key"])')
  RESULTS=("cold-16 $(load 16 30)")
  if [ "$WARMUP" -gt 30 ]; then load 16 $((WARMUP - 30)) >/dev/null; fi
  for C in $CONNECTIONS; do
    RESULTS+=("$C $(load "$C" "$DURATION")")
  done
  # The peer, side by side: the Node.js endpoint and the raw signing rate are measured in slices that alternate
  # with tokenmint's own (ROUNDS of SLICE seconds each, 16 connections), so that the ratios hold on a machine
  # whose speed drifts over minutes. tokenmint stays up, idle, while the others run.
  openssl pkcs12 -in "$RUN/keys/signing.p12" -nocerts -nodes -passin "pass:$PASSWORD" 2> /dev/null \
    | openssl pkey -out "$RUN/key.pem"
  SIDE=()
  if [ "$NODE" = 1 ]; then
    node "$WORK/node/node-peer.js" $((PORT + 1)) "$RUN/key.pem" "$ALG" &
    NODE_PID=$!
    until curl -s -o /dev/null "localhost:$((PORT + 1))" -d "{}" 2> /dev/null; do kill -0 $NODE_PID || exit 1; sleep 0.05; done
    load 16 "$WARMUP" "http://localhost:$((PORT + 1))/tokens" > /dev/null
    for ((ROUND = 1; ROUND <= ROUNDS; ROUND++)); do
      OURS=$(load 16 "$SLICE")
      SIDE+=("$(tps "$OURS") $(tps "$(load 16 "$SLICE" "http://localhost:$((PORT + 1))/tokens")") $(raw "$SLICE") $(failed "$OURS")")
    done
    kill $NODE_PID; wait $NODE_PID 2> /dev/null || true
  fi
  RSS_MB=$(( $(grep VmHWM /proc/$PID/status | awk '{print $2}') / 1024 ))
  # The cost ladder, on the warm replica: each rung adds one layer; CPU per request is the 2 cores (shared
  # with wrk) over the rate, so that a rung's price is its difference from the one before.
  LADDER_ROWS=()
  if [ "$LADDER" = 1 ]; then
    LADDER_ROWS+=("liveness-probe $(BENCH_METHOD=GET load 16 "$DURATION" "http://localhost:$PORT/actuator/health/liveness")")
    for RUNG in authenticated json decided signed; do
      LADDER_ROWS+=("$RUNG $(load 16 "$DURATION" "http://localhost:$PORT/bench/ladder/$RUNG")")
    done
    LADDER_ROWS+=("tokens(+audit) $(load 16 "$DURATION")")
  fi
  stop
  if [ ${#SIDE[@]} -gt 0 ]; then
    RAW=$(printf '%s\n' "${SIDE[@]}" | awk '{ raw += $3 } END { printf "%.0f", raw / NR }')
  else
    RAW=$(raw "$DURATION")
  fi
  for R in "${RESULTS[@]}"; do
    C=${R%% *}; LINE=${R#* }
    TPS=$(tps "$LINE"); P50=$(sed -E 's/.*p50_ms=([0-9.]+).*/\1/' <<<"$LINE")
    P99=$(sed -E 's/.*p99_ms=([0-9.]+).*/\1/' <<<"$LINE"); BAD=$(failed "$LINE")
    printf '%-6s %-7s %10s %8s %8s %7s %8s %10s %6.0f%%\n' "$ALG" "$C" "$TPS" "$P50" "$P99" "$((BAD))" "$RSS_MB" "$RAW" \
      "$(python3 -c "print(100*$TPS/$RAW)")"
  done
  echo "$ALG start-up to ready: ${READY_MS} ms as the image starts (Spring reports ${STARTED} s);" \
    "${PLAIN_MS} ms as a plain java -jar (${PLAIN_STARTED} s)"
  if [ ${#SIDE[@]} -gt 0 ]; then
    echo "$ALG side by side at 16 connections, $ROUNDS alternating rounds of ${SLICE} s (tokenmint, then the Node.js peer," \
      "node-peer.js in one process, then raw 2-thread signing):"
    printf '%s\n' "${SIDE[@]}" | awk -v alg="$ALG" '
      { printf "  round %d: tokenmint %6d (non-2xx %d)  peer %6d  raw %6d tokens/s   tokenmint : peer %.2fx, : raw %.2f\n", NR, $1, $4, $2, $3, $1 / $2, $1 / $3
        t += $1; p += $2; r += $3 }
      END { printf "%s tokenmint %.0f tokens/s, Node.js peer %.0f, raw %.0f: tokenmint is %.2fx the peer and %.2f of raw signing\n",
        alg, t / NR, p / NR, r / NR, t / p, t / r }'
  fi
  if [ ${#LADDER_ROWS[@]} -gt 0 ]; then
    echo "$ALG cost ladder at 16 connections (CPU = 2 cores / rate, wrk's share included):"
    PREV=0
    for R in "${LADDER_ROWS[@]}"; do
      NAME=${R%% *}; T=$(tps "${R#* }"); US=$(python3 -c "print(round(2e6/$T))")
      printf '  %-16s %8s req/s %6s us/request %+6d us   p99 %s ms\n' "$NAME" "$T" "$US" "$((PREV == 0 ? 0 : US - PREV))" \
        "$(sed -E 's/.*p99_ms=([0-9.]+).*/\1/' <<< "${R#* }")"
      PREV=$US
    done
  fi
done
