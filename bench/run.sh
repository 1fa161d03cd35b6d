#!/usr/bin/env bash
# tokenmint benchmark: builds and starts tokenmint with its embedded defaults (H2, a keystore in a scratch
# directory), creates an API client, drives POST /tokens with wrk at 16 and 64 keep-alive connections, and
# measures in the same run the raw signing rate of the same provider and key on 2 threads without HTTP.
# Prints tokens/s, p50/p99, non-2xx, peak RSS, raw rate and the ratio, for RS256 and ES256, and start-up time.
#
# Usage: bench/run.sh            (DURATION=30 CONNECTIONS="16 64" ALGORITHMS="RS256 ES256" ENGINE=accp|jdk
#                                  JAVA_OPTS="-Xmx256m" for tokenmint's JVM)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-30}
CONNECTIONS=${CONNECTIONS:-"16 64"}
ALGORITHMS=${ALGORITHMS:-"RS256 ES256"}
ENGINE=${ENGINE:-accp}
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:-}
PORT=${PORT:-18080}
ADMIN_KEY=bench-admin-key-0123456789abcdef
PASSWORD=bench-keystore-pass

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
JAR=$(ls target/tokenmint-*.jar 2>/dev/null | head -1 || true)
if [ -z "$JAR" ] || [ -n "$(find src pom.xml -newer "$JAR" -print -quit)" ]; then
  mvn -q -B package -DskipTests
  JAR=$(ls target/tokenmint-*.jar | head -1)
fi
WORK=$(mktemp -d /tmp/tokenmint-bench.XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
mkdir -p "$WORK/lib"
(cd "$WORK/lib" && unzip -q -j "$OLDPWD/$JAR" 'BOOT-INF/lib/*')
LIBS="$WORK/lib/*"

echo "tokenmint benchmark: $(nproc) cores, $($JAVA -version 2>&1 | head -1), engine $ENGINE, ${DURATION}s per run, JAVA_OPTS='$JAVA_OPTS'"
printf '%-6s %-5s %10s %8s %8s %7s %8s %10s %7s\n' alg conns tokens/s p50_ms p99_ms non2xx rss_MB raw/s ratio

for ALG in $ALGORITHMS; do
  RUN="$WORK/$ALG"; mkdir -p "$RUN/keys"
  case $ALG in
    RS256) KEYARGS="-keyalg RSA -keysize 2048"; ALIAS=bench-rsa; EXTRA="" ;;
    ES256) KEYARGS="-keyalg EC -groupname secp256r1"; ALIAS=bench-ec; EXTRA="TOKENMINT_PROFILES_MOENGAGE_ENABLED=false" ;;
  esac
  keytool -genkeypair -keystore "$RUN/keys/signing.p12" -storetype PKCS12 -storepass "$PASSWORD" -alias "$ALIAS" \
    $KEYARGS -dname "CN=$ALIAS" -validity 30 >/dev/null 2>&1
  START=$(date +%s%N)
  (cd "$RUN" && env TOKENMINT_ADMIN_API_KEY=$ADMIN_KEY TOKENMINT_KEYSTORE_PASSWORD=$PASSWORD \
     TOKENMINT_SIGNING_KEYSTORE=keys/signing.p12 TOKENMINT_SIGNING_GENERATEIFMISSING=false \
     TOKENMINT_PROFILES_INSTANT_ALGORITHM=$ALG TOKENMINT_RATELIMIT_ENABLED=false \
     TOKENMINT_SIGNING_ACCP=$([ "$ENGINE" = accp ] && echo true || echo false) SERVER_PORT=$PORT $EXTRA \
     $JAVA $JAVA_OPTS -jar "$OLDPWD/$JAR" > "$RUN/tokenmint.log" 2>&1) &
  sleep 0.2
  PID=$(pgrep -f -n "tokenmint.*\.jar" || true)
  until curl -sf "localhost:$PORT/actuator/health/readiness" >/dev/null 2>&1; do sleep 0.05; done
  READY_MS=$(( ($(date +%s%N) - START) / 1000000 ))
  STARTED=$(grep -o 'Started TokenmintApplication in [0-9.]* seconds' "$RUN/tokenmint.log" | grep -o '[0-9.]*' || echo "?")
  export BENCH_API_KEY=$(curl -s -X POST "localhost:$PORT/admin/clients" -H "X-Api-Key: $ADMIN_KEY" -H 'Content-Type: application/json' \
    -d '{"name":"bench","max_permissions":"all","documents":["*"]}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["api_key"])')
  wrk -t2 -c16 -d5s -s bench/tokens.lua "http://localhost:$PORT/tokens" >/dev/null   # warm-up
  RESULTS=()
  for C in $CONNECTIONS; do
    RESULTS+=("$C $(wrk -t2 -c"$C" -d"${DURATION}s" --latency -s bench/tokens.lua "http://localhost:$PORT/tokens" | grep '^RESULT')")
  done
  RSS_MB=$(( $(grep VmHWM /proc/$PID/status | awk '{print $2}') / 1024 ))
  kill "$PID"; wait 2>/dev/null || true
  RAW=$($JAVA -cp "$LIBS" bench/RawSigningRate.java "$RUN/keys/signing.p12" "$PASSWORD" "$ALIAS" "$ALG" 2 "$DURATION" "$ENGINE")
  for R in "${RESULTS[@]}"; do
    C=${R%% *}; LINE=${R#* }
    TPS=$(sed -E 's/.*tokens_per_s=([0-9]+).*/\1/' <<<"$LINE"); P50=$(sed -E 's/.*p50_ms=([0-9.]+).*/\1/' <<<"$LINE")
    P99=$(sed -E 's/.*p99_ms=([0-9.]+).*/\1/' <<<"$LINE"); BAD=$(sed -E 's/.*non2xx=([0-9]+) errors=([0-9]+).*/\1+\2/' <<<"$LINE")
    printf '%-6s %-5s %10s %8s %8s %7s %8s %10s %6.0f%%\n' "$ALG" "$C" "$TPS" "$P50" "$P99" "$((BAD))" "$RSS_MB" "$RAW" \
      "$(python3 -c "print(100*$TPS/$RAW)")"
  done
  echo "$ALG start-up: ${READY_MS} ms from launch to ready (Spring reports ${STARTED} s)"
done
