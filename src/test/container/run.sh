#!/usr/bin/env bash
# The real image, built from the real Dockerfile and run with Podman: one container as the image's settings
# promise it (uid 10001, read-only root, data/ the only writable place, 512 MB, HEALTHCHECK), its refusal
# without a keystore, then compose.yaml's PostgreSQL and two replicas, checked across replicas and under load
# while one replica is stopped; and the image built from source, started once. Called by .ci/run after the
# Maven suite; needs the packaged jar in target/.
#
# No image registry is reachable on our build machines, so the base images are stand-ins of the same shape
# made from Debian's packages (src/test/container/standins), built once and kept in Podman's store: Debian
# bookworm by debootstrap, the Temurin 25 JDK installed here cut to a runtime, Debian's OpenJDK 17 and Maven
# for the build stage, Debian's PostgreSQL 15. Where the real ones can be pulled, set JDK_IMAGE, JRE_IMAGE and
# POSTGRES_IMAGE to use them instead.
#
# Usage: src/test/container/run.sh   (env: REQUIRE_PODMAN=1 fails instead of skipping where Podman cannot
#        run; KEEP=1 leaves the containers running; LOAD_SECONDS=20)
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROOT=$PWD
HERE=$ROOT/src/test/container
LOAD_SECONDS=${LOAD_SECONDS:-20}
PROJECT=tokenmint-check
IMAGE=localhost/tokenmint:check
ADMIN_KEY=container-check-admin-key-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
KEYSTORE_PASS=check-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
PG_PASS=pg-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')

say() { printf '\n== %s\n' "$*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }
skip() {
  if [ "${REQUIRE_PODMAN:-0}" = 1 ]; then fail "$*"; fi
  echo "SKIPPED: the container check did not run: $*"
  exit 0
}
now_ms() { date +%s%3N; }
# Without systemd, Podman cannot schedule HEALTHCHECK timers and says so on every start; the script runs the
# checks itself (podman healthcheck run), so that line is dropped and any other error is shown.
quiet_systemd() { grep -v 'unable to get systemd connection' >&2 || true; }
pm() { podman "$@" 2> >(quiet_systemd); }

# --- Podman -------------------------------------------------------------------------------------------
if ! command -v podman >/dev/null || ! command -v podman-compose >/dev/null || ! command -v wrk >/dev/null \
    || ! command -v debootstrap >/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman runc podman-compose \
      debootstrap wrk jq > /dev/null) || skip "could not install podman, runc, podman-compose, debootstrap and wrk"
  else
    skip "podman, podman-compose, debootstrap and wrk are needed (apt-get install podman runc podman-compose debootstrap wrk jq)"
  fi
fi
# Our machines need runc instead of crun (see containers.conf); elsewhere CONTAINERS_CONF may say otherwise.
export CONTAINERS_CONF=${CONTAINERS_CONF:-$HERE/containers.conf}
podman info > /dev/null 2>&1 || skip "podman cannot run here: $(podman info 2>&1 | tail -1)"
JAR=$(ls "$ROOT"/target/tokenmint-*.jar 2>/dev/null | head -1 || true)
[ -n "$JAR" ] || fail "no target/tokenmint-*.jar: run mvn -B verify (or package) first"

WORK=$(mktemp -d /tmp/tokenmint-container-check.XXXXXX)
chmod 755 "$WORK"
compose() {
  # podman-compose prints every command with its environment (the secrets): into a log, not CI's output.
  TOKENMINT_IMAGE=$IMAGE POSTGRES_IMAGE=${PG_IMAGE:-none} TOKENMINT_KEYS=$WORK/keys TOKENMINT_PORT_1=$PORT_1 \
    TOKENMINT_PORT_2=$PORT_2 POSTGRES_PASSWORD=$PG_PASS TOKENMINT_KEYSTORE_PASSWORD=$KEYSTORE_PASS \
    TOKENMINT_ADMIN_API_KEY=$ADMIN_KEY podman-compose -p "$PROJECT" -f "$ROOT/compose.yaml" "$@" >> "$WORK/compose.log" 2>&1
}
cleanup() {
  local status=$?
  kill $(jobs -p) 2> /dev/null || true
  if [ "${KEEP:-0}" != 1 ]; then
    podman rm --ignore -f -t 0 tm-check-single tm-check-nokeys tm-check-source > /dev/null 2>&1 || true
    [ -n "${PORT_1:-}" ] && compose down -v || true
    rm -rf "$WORK"
  fi
  exit $status
}
trap cleanup EXIT
trap 'echo "FAILED at line $LINENO: $BASH_COMMAND" >&2' ERR
PORT_1=$((20000 + RANDOM % 20000)); PORT_2=$((PORT_1 + 1)); PORT_S=$((PORT_1 + 2))
# What a run that was killed left behind.
podman rm --ignore -f -t 0 tm-check-single tm-check-nokeys tm-check-source > /dev/null 2>&1 || true
compose down -v || true

# The Debian mirror this machine's apt already uses (deb822 .sources or one-line .list files), so that the
# script names no download host of its own.
debian_mirror() {
  local uri
  uri=$( { awk '/^URIs:/ {print $2}' /etc/apt/sources.list.d/*.sources 2>/dev/null
           grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
             | sed -E 's/ \[[^]]*\]//' | awk '{print $2}'; } | grep -E '/debian/?$' | head -1)
  [ -n "$uri" ] || fail "no Debian mirror in this machine's apt sources (/etc/apt/sources.list*)"
  echo "${uri%/}"
}

# --- Stand-in base images -----------------------------------------------------------------------------
# Tagged by the hash of their recipes, so a change to a recipe builds them again and nothing else does.
# The build stage's stand-in also trusts the certificate authorities this machine trusts for its own TLS
# (here an egress proxy re-signs Maven Central's certificate, which a fresh image would refuse).
CA_FILES=$(ls /usr/local/share/ca-certificates/*.crt 2>/dev/null || true)
STANDIN=$(cat "$HERE"/standins/* $CA_FILES | sha256sum | cut -c1-12)
BASE_IMAGE=localhost/tokenmint-standin/debian:bookworm
if [ -z "${JRE_IMAGE:-}" ] || [ -z "${POSTGRES_IMAGE:-}" ] || [ -z "${JDK_IMAGE:-}" ]; then
  if ! podman image exists "$BASE_IMAGE"; then
    say "stand-in base: debootstrap bookworm (once)"
    debootstrap --variant=minbase bookworm "$WORK/rootfs" "$(debian_mirror)" > "$WORK/debootstrap.log" 2>&1 \
      || { tail -20 "$WORK/debootstrap.log"; fail "debootstrap"; }
    rm -rf "$WORK"/rootfs/var/cache/apt/archives/*.deb "$WORK"/rootfs/var/lib/apt/lists/*
    tar -C "$WORK/rootfs" -c . | podman import - "$BASE_IMAGE" > /dev/null
    rm -rf "$WORK/rootfs"
  fi
fi
# A stand-in (not an image the caller named) not built yet; built from standins/<recipe> in <context>.
standin_missing() { [[ $1 == localhost/tokenmint-standin/* ]] && ! podman image exists "$1"; }
build_standin() { # image recipe context
  podman build -q --build-arg BASE="$BASE_IMAGE" -t "$1" -f "$HERE/standins/$2" "$3" > /dev/null
}
JRE_IMAGE=${JRE_IMAGE:-localhost/tokenmint-standin/jre:25-$STANDIN}
if standin_missing "$JRE_IMAGE"; then
  say "stand-in JRE: the Temurin 25 JDK of this machine, cut to a runtime (once)"
  TEMURIN=$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1 || true)
  [ -x "$TEMURIN/bin/jlink" ] || skip "no Temurin 25 JDK under /usr/lib/jvm for the stand-in runtime"
  mkdir -p "$WORK/jre-context"
  "$TEMURIN/bin/jlink" --add-modules java.se,jdk.unsupported,jdk.crypto.cryptoki,jdk.crypto.ec,jdk.management,jdk.management.agent,jdk.jfr,jdk.zipfs,jdk.naming.dns,jdk.localedata,jdk.net,jdk.httpserver,jdk.attach,jdk.jcmd \
    --strip-debug --no-man-pages --no-header-files --output "$WORK/jre-context/jre"
  build_standin "$JRE_IMAGE" jre.Containerfile "$WORK/jre-context"
  rm -rf "$WORK/jre-context"
fi
JDK_IMAGE=${JDK_IMAGE:-localhost/tokenmint-standin/jdk:17-$STANDIN}
if standin_missing "$JDK_IMAGE"; then
  say "stand-in build stage: Debian's OpenJDK 17 and Maven (once)"
  mkdir -p "$WORK/jdk-context/ca"
  [ -z "$CA_FILES" ] || cp $CA_FILES "$WORK/jdk-context/ca/"
  build_standin "$JDK_IMAGE" jdk.Containerfile "$WORK/jdk-context"
  rm -rf "$WORK/jdk-context"
fi
PG_IMAGE=${POSTGRES_IMAGE:-localhost/tokenmint-standin/postgres:15-$STANDIN}
if standin_missing "$PG_IMAGE"; then
  say "stand-in PostgreSQL: Debian's PostgreSQL 15 (once)"
  build_standin "$PG_IMAGE" postgres.Containerfile "$HERE/standins"
fi

# --- The image ----------------------------------------------------------------------------------------
say "podman build: the Dockerfile, from the packaged jar (JAR=prebuilt), runtime $JRE_IMAGE"
started=$(now_ms)
REVISION=$(git -C "$ROOT" rev-parse HEAD)
SOURCE=$(git -C "$ROOT" remote get-url origin 2> /dev/null || echo "$ROOT")
podman build --format docker --build-arg JAR=prebuilt --build-arg JRE_IMAGE="$JRE_IMAGE" --build-arg REVISION="$REVISION" \
  --build-arg SOURCE="$SOURCE" -t "$IMAGE" "$ROOT" > "$WORK/build.log" 2>&1 || { tail -40 "$WORK/build.log"; fail "podman build"; }
BUILD_S=$(( ($(now_ms) - started) / 1000 ))
IMAGE_MB=$(( $(podman image inspect "$IMAGE" --format '{{.Size}}') / 1000000 ))
JRE_MB=$(( $(podman image inspect "$JRE_IMAGE" --format '{{.Size}}') / 1000000 ))
echo "built in ${BUILD_S} s, ${IMAGE_MB} MB"
[ "$(podman image inspect "$IMAGE" --format '{{.Config.User}}')" = "10001:10001" ] || fail "the image's user is not 10001:10001"
[[ $(podman image inspect "$IMAGE" --format '{{.Config.Healthcheck.Test}}') == *liveness* ]] || fail "the image has no HEALTHCHECK"
# The OCI labels name the release the jar inside was built as, and the commit (docs/operations.md, "Releases").
label() { podman image inspect "$IMAGE" --format "{{index .Config.Labels \"org.opencontainers.image.$1\"}}"; }
JAR_VERSION=$(unzip -p "$ROOT"/target/tokenmint-*.jar META-INF/build-info.properties | sed -n 's/^build.version=//p')
[ "$(label version)" = "$JAR_VERSION" ] || fail "the image's version label ($(label version)) is not its jar's version ($JAR_VERSION)"
[ "$(label revision)" = "$REVISION" ] || fail "the image's revision label ($(label revision)) is not $REVISION"
[ -n "$(label source)" ] && [ -n "$(label licenses)" ] || fail "the image has no source or licenses label"
echo "labels: version $(label version), revision $(label revision), licenses $(label licenses)"
# The rollout question, asked of the image as an operator would before rolling it out.
code=0
podman run --rm "$IMAGE" upgrade-check --from "$JAR_VERSION" > "$WORK/upgrade-check.txt" 2>&1 || code=$?
[ "$code" = 0 ] && grep -q "Rolling upgrade from $JAR_VERSION" "$WORK/upgrade-check.txt" \
  || { cat "$WORK/upgrade-check.txt"; fail "upgrade-check in the image answered $code"; }

mkdir -p "$WORK/keys" "$WORK/load"
keytool -genkeypair -keystore "$WORK/keys/signing.p12" -storetype PKCS12 -storepass "$KEYSTORE_PASS" \
  -alias check-rsa-1 -keyalg RSA -keysize 2048 -validity 30 -dname CN=check-rsa-1 > /dev/null 2>&1
chmod 444 "$WORK/keys/signing.p12"

# --- Without a keystore it refuses to start -----------------------------------------------------------
say "without a mounted keystore: refuses to start, with the documented message"
code=0
podman run --name tm-check-nokeys --read-only --memory 512m --tmpfs /app/data \
  -e TOKENMINT_KEYSTORE_PASSWORD="$KEYSTORE_PASS" -e TOKENMINT_ADMIN_API_KEY="$ADMIN_KEY" "$IMAGE" \
  > "$WORK/nokeys.log" 2>&1 || code=$?
[ "$code" != 0 ] || fail "it started without a keystore"
grep -q 'keystore /app/keys/signing.p12 does not exist; mount one' "$WORK/nokeys.log" \
  || { tail -20 "$WORK/nokeys.log"; fail "the refusal does not say the keystore is missing"; }
! grep -q -e "$KEYSTORE_PASS" -e "$ADMIN_KEY" "$WORK/nokeys.log" || fail "a secret is in the log"
echo "exit code $code: $(grep -o 'keystore /app/keys/signing.p12 does not exist[^"\\]*' "$WORK/nokeys.log" | head -1)"

# --- The AOT cache fits the image's JVM ----------------------------------------------------------------
# The JVM ignores an unusable cache silently; with AOTMode=on it refuses to start instead, so a start up to the
# refreshed context (then exit) proves the image's cache is used.
say "the AOT cache: a start with -XX:AOTMode=on"
code=0
podman run --rm --read-only --tmpfs /app/data -v "$WORK/keys:/app/keys:ro" -e TOKENMINT_KEYSTORE_PASSWORD="$KEYSTORE_PASS" \
  -e TOKENMINT_ADMIN_API_KEY="$ADMIN_KEY" -e JDK_JAVA_OPTIONS="-XX:AOTMode=on -Dspring.context.exit=onRefresh" "$IMAGE" \
  > "$WORK/aot.log" 2>&1 || code=$?
[ "$code" = 0 ] || { grep -v 'systemd connection' "$WORK/aot.log" | tail -5; fail "the image's AOT cache is not usable (AOTMode=on)"; }
echo "the AOT cache is used: the JVM starts with -XX:AOTMode=on"

# --- One container, as the image's settings promise ----------------------------------------------------
say "one container: --read-only (no other tmpfs), tmpfs data/, 512 MB, keystore mounted read-only"
started=$(now_ms)
podman run -d --name tm-check-single --read-only --read-only-tmpfs=false --memory 512m --tmpfs /app/data \
  -v "$WORK/keys:/app/keys:ro" -p "127.0.0.1:$PORT_S:8080" \
  -e TOKENMINT_KEYSTORE_PASSWORD="$KEYSTORE_PASS" -e TOKENMINT_ADMIN_API_KEY="$ADMIN_KEY" "$IMAGE" > /dev/null \
  2> >(quiet_systemd)
ready() { curl -sf -o /dev/null "http://127.0.0.1:$1/actuator/health/readiness"; }
wait_ready() { # port, name, seconds
  for _ in $(seq 1 $(( $3 * 10 ))); do ready "$1" && return 0; sleep 0.1; done
  podman logs "$2" 2>&1 | tail -30; fail "$2 is not ready after $3 s"
}
wait_ready "$PORT_S" tm-check-single 60
SINGLE_READY_MS=$(( $(now_ms) - started ))
echo "ready in $SINGLE_READY_MS ms from podman run ($(podman logs tm-check-single 2>&1 | grep -o 'Started TokenmintApplication in [0-9.]* seconds (process running for [0-9.]*)'))"

[ "$(podman exec tm-check-single id -u):$(podman exec tm-check-single id -g)" = "10001:10001" ] || fail "not uid/gid 10001"
echo "runs as $(podman exec tm-check-single id)"
for dir in / /app /app/config /app/application /app/keys /tmp /var/tmp; do
  if podman exec tm-check-single touch "$dir/.probe" 2> /dev/null; then fail "$dir is writable"; fi
done
podman exec tm-check-single touch /app/data/.probe || fail "/app/data is not writable"
echo "writable: /app/data only (/, /app, /app/config, /app/application, /app/keys, /tmp, /var/tmp refused)"
[ "$(podman inspect tm-check-single --format '{{.HostConfig.Memory}}')" = 536870912 ] || fail "no 512 MB limit"
CGROUP_LIMIT=$(podman exec tm-check-single cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2> /dev/null \
  || podman exec tm-check-single cat /sys/fs/cgroup/memory.max)
[ "$CGROUP_LIMIT" = 536870912 ] || fail "the cgroup limit is $CGROUP_LIMIT, not 512 MB"
podman healthcheck run tm-check-single > /dev/null 2>&1 || fail "podman healthcheck run: unhealthy"
[ "$(podman inspect tm-check-single --format '{{.State.Health.Status}}')" = healthy ] || fail "not healthy"
echo "HEALTHCHECK: healthy"

api() { # method port path [key] [body]
  curl -s -f -X "$1" "http://127.0.0.1:$2$3" -H "X-Api-Key: ${4:-$ADMIN_KEY}" -H 'Content-Type: application/json' \
    ${5:+-d "$5"}
}
new_client() { # port name
  api POST "$1" /admin/clients "$ADMIN_KEY" "{\"name\": \"$2\", \"max_permissions\": [\"read-document\", \"write\"],
    \"documents\": [\"*\"], \"max_expires_in\": 3600, \"profiles\": [\"instant\"]}" | jq -er .api_key
}
token() { # port key user
  api POST "$1" /tokens "$2" "{\"document_id\": \"doc-1\", \"user_id\": \"$3\", \"permissions\": [\"read-document\"]}" \
    | jq -er .token
}
(cd "$ROOT" && mvn -q -B -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$WORK/test-classpath" > "$WORK/classpath.log" 2>&1) || { cat "$WORK/classpath.log"; fail "test classpath"; }
VERIFY_CP=$(cat "$WORK/test-classpath")
verify() { java -cp "$ROOT/target/test-classes:$VERIFY_CP" io.tokenmint.support.JwksCheck "$@"; }
KEY=$(new_client "$PORT_S" single)
token "$PORT_S" "$KEY" alice | verify "http://127.0.0.1:$PORT_S/.well-known/jwks.json"
SINGLE_RSS_MB=$(( $(podman exec tm-check-single grep VmHWM /proc/1/status | awk '{print $2}') / 1024 ))
pm rm -f -t 10 tm-check-single > /dev/null

# --- compose.yaml: PostgreSQL and two replicas ---------------------------------------------------------
# podman-compose 1.0 does not wait for depends_on's service_healthy, so PostgreSQL is brought up first.
say "compose.yaml with podman-compose: PostgreSQL, then two replicas"
compose up -d --no-build postgres
# A first start runs initdb, which took more than 30 s on a loaded 2-core machine: wait as long as compose.yaml's
# own healthcheck allows (10 retries 5 s apart) and then some, and show why when it still is not healthy.
PG_STARTED=$(date +%s)
until podman healthcheck run "${PROJECT}_postgres_1" > /dev/null 2>&1; do
  if [ "$(date +%s)" -ge $((PG_STARTED + 120)) ]; then
    podman logs "${PROJECT}_postgres_1" 2>&1 | tail -30; fail "PostgreSQL is not healthy after 120 s"
  fi
  sleep 0.5
done
echo "PostgreSQL healthy in $(( $(date +%s) - PG_STARTED )) s"
started=$(now_ms)
compose up -d --no-build
R1=${PROJECT}_tokenmint-1_1; R2=${PROJECT}_tokenmint-2_1
wait_ready "$PORT_1" "$R1" 90
wait_ready "$PORT_2" "$R2" 90
echo "both ready in $(( $(now_ms) - started )) ms"
for replica in "$R1" "$R2"; do
  podman healthcheck run "$replica" > /dev/null 2>&1 || fail "$replica: unhealthy"
  [ "$(podman exec "$replica" id -u)" = 10001 ] || fail "$replica: not uid 10001"
done
JWKS_1=http://127.0.0.1:$PORT_1/.well-known/jwks.json; JWKS_2=http://127.0.0.1:$PORT_2/.well-known/jwks.json

say "a client created on replica 1 works on replica 2; tokens of both verify against either JWKS"
KEY=$(new_client "$PORT_1" across)
for i in 1 2 3 4 5; do token "$PORT_1" "$KEY" "one-$i"; token "$PORT_2" "$KEY" "two-$i"; done > "$WORK/tokens"
verify "$JWKS_1" "$JWKS_2" < "$WORK/tokens"

say "a key added to the mounted keystore is published by both replicas"
chmod 644 "$WORK/keys/signing.p12"
keytool -genkeypair -keystore "$WORK/keys/signing.p12" -storetype PKCS12 -storepass "$KEYSTORE_PASS" \
  -alias check-rsa-2 -keyalg RSA -keysize 2048 -validity 30 -dname CN=check-rsa-2 > /dev/null 2>&1
chmod 444 "$WORK/keys/signing.p12"
started=$(now_ms)
for _ in $(seq 1 60); do
  [[ $(curl -s "$JWKS_1") == *check-rsa-2* && $(curl -s "$JWKS_2") == *check-rsa-2* ]] && break
  sleep 0.5
done
[[ $(curl -s "$JWKS_1") == *check-rsa-2* && $(curl -s "$JWKS_2") == *check-rsa-2* ]] || fail "check-rsa-2 is not published by both"
echo "check-rsa-2 in both JWKS after $(( $(now_ms) - started )) ms"

say "load on both replicas (wrk, 4 connections each, ${LOAD_SECONDS} s); replica 1 gets SIGTERM midway"
KEYS=$(for i in 1 2 3 4; do new_client "$PORT_1" "load-$i"; done | paste -sd,)
mkdir -p "$WORK/load/1" "$WORK/load/2"
LOAD_API_KEYS=$KEYS LOAD_OUT=$WORK/load/1 wrk -t1 -c4 -d"${LOAD_SECONDS}s" -s "$HERE/load.lua" \
  "http://127.0.0.1:$PORT_1" > "$WORK/load/1.out" 2>&1 &
LOAD_1=$!
LOAD_API_KEYS=$KEYS LOAD_OUT=$WORK/load/2 wrk -t1 -c4 -d"${LOAD_SECONDS}s" -s "$HERE/load.lua" \
  "http://127.0.0.1:$PORT_2" > "$WORK/load/2.out" 2>&1 &
LOAD_2=$!
sleep $(( LOAD_SECONDS / 2 ))
PEAK_1=$(( $(podman exec "$R1" cat /sys/fs/cgroup/memory/memory.max_usage_in_bytes) / 1048576 ))
started=$(now_ms)
pm stop -t 30 "$R1" > /dev/null   # SIGTERM, then 30 s of grace before SIGKILL
STOP_MS=$(( $(now_ms) - started ))
[ "$(podman inspect "$R1" --format '{{.State.ExitCode}}')" = 143 ] \
  || [ "$(podman inspect "$R1" --format '{{.State.ExitCode}}')" = 0 ] || fail "replica 1 did not stop cleanly on SIGTERM"
podman logs "$R1" > "$WORK/replica-1.log" 2>&1
grep -q 'Graceful shutdown complete' "$WORK/replica-1.log" || fail "replica 1 did not shut down gracefully"
wait $LOAD_1 || true
wait $LOAD_2 || fail "wrk on replica 2"
echo "replica 1 (stopped after $STOP_MS ms, exit $(podman inspect "$R1" --format '{{.State.ExitCode}}')): $(grep RESULT "$WORK/load/1.out")"
echo "replica 2 (kept running):                $(grep RESULT "$WORK/load/2.out")"
grep -q 'RESULT ok=[1-9][0-9]* non2xx=0 socket_errors=0 ' "$WORK/load/2.out" || fail "replica 2 failed requests"
grep -q 'RESULT ok=[1-9][0-9]* non2xx=0 ' "$WORK/load/1.out" || fail "replica 1 answered non-2xx before it stopped"
cat "$WORK"/load/*/*.jti | sort > "$WORK/issued.jti"
podman exec "${PROJECT}_postgres_1" psql -At -U tokenmint -d tokenmint \
  -c "select jti from audit_event where outcome = 'ISSUED' and document_id = 'doc-load'" | sort > "$WORK/audited.jti"
MISSING=$(comm -23 "$WORK/issued.jti" "$WORK/audited.jti" | wc -l)
UNANSWERED=$(comm -13 "$WORK/issued.jti" "$WORK/audited.jti" | wc -l)
echo "tokens answered: $(wc -l < "$WORK/issued.jti"), in the audit: $(wc -l < "$WORK/audited.jti"), answered but not audited: $MISSING"
echo "audited but not received: $UNANSWERED (requests still in flight when wrk stopped counting, at most one per connection)"
[ "$MISSING" = 0 ] || fail "$MISSING issued tokens have no audit record"
[ "$UNANSWERED" -le 8 ] || fail "$UNANSWERED audited tokens were never received: more than the 8 connections had in flight"
[ "$(wc -l < "$WORK/issued.jti")" -gt 0 ] || fail "no token was issued under load"

PEAK_2=$(( $(podman exec "$R2" cat /sys/fs/cgroup/memory/memory.max_usage_in_bytes) / 1048576 ))
RSS_2=$(( $(podman exec "$R2" grep VmHWM /proc/1/status | awk '{print $2}') / 1024 ))
[ "$PEAK_1" -lt 512 ] && [ "$PEAK_2" -lt 512 ] || fail "a replica's memory peaked at its limit ($PEAK_1, $PEAK_2 MB)"

# --- From source, as a user with only Docker builds it -------------------------------------------------
# Podman before 4.4 (buildah 1.28) skips a stage named through an ARG's default (containers/buildah#4312),
# so JAR=source is passed although it is the default.
say "podman build from source (JAR=source), build stage $JDK_IMAGE"
started=$(now_ms)
podman build --format docker --build-arg JAR=source --build-arg JDK_IMAGE="$JDK_IMAGE" \
  --build-arg JRE_IMAGE="$JRE_IMAGE" -t "$IMAGE-source" "$ROOT" > "$WORK/build-source.log" 2>&1 \
  || { tail -40 "$WORK/build-source.log"; fail "podman build from source"; }
SOURCE_BUILD_S=$(( ($(now_ms) - started) / 1000 ))
pm run -d --name tm-check-source --read-only --memory 512m --tmpfs /app/data -v "$WORK/keys:/app/keys:ro" \
  -p "127.0.0.1:$PORT_S:8080" -e TOKENMINT_KEYSTORE_PASSWORD="$KEYSTORE_PASS" -e TOKENMINT_ADMIN_API_KEY="$ADMIN_KEY" \
  "$IMAGE-source" > /dev/null
wait_ready "$PORT_S" tm-check-source 60
token "$PORT_S" "$(new_client "$PORT_S" source)" bob | verify "http://127.0.0.1:$PORT_S/.well-known/jwks.json"
pm rm -f -t 10 tm-check-source > /dev/null
echo "built from source in ${SOURCE_BUILD_S} s; it starts and issues a verified token"

say "summary"
echo "image: ${IMAGE_MB} MB, of which the base $JRE_IMAGE is ${JRE_MB} MB; built in ${BUILD_S} s from the jar, ${SOURCE_BUILD_S} s from source"
echo "start-up to ready: ${SINGLE_READY_MS} ms (one container, from podman run to readiness UP)"
echo "peak RSS: ${SINGLE_RSS_MB} MB (one container, after start and one token); under load: replica 1 cgroup peak ${PEAK_1} MB of 512 (before its stop), replica 2 ${PEAK_2} MB of 512 (RSS ${RSS_2} MB)"
echo "container check passed"
