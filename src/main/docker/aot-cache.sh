#!/usr/bin/env bash
# Records a JVM ahead-of-time cache (JDK 25+: classes read, parsed and linked in advance, JEPs 483 and 514) for an
# extracted tokenmint, by starting it once up to a refreshed application context in a scratch directory with a
# throwaway development keystore and database. Used by the Dockerfile and by bench/run.sh, so the benchmark
# starts tokenmint the way the image does. Writes <app-dir>/tokenmint.aot.
#
# Usage: aot-cache.sh <app-dir holding tokenmint.jar and lib/> [java]
set -euo pipefail
APP=$(cd "$1" && pwd)
JAVA=${2:-java}
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
mkdir -p "$SCRATCH/data"
# The training run needs a key to start; a generated one is thrown away with the scratch directory.
if ! (cd "$SCRATCH" && TOKENMINT_SIGNING_GENERATEIFMISSING=true TOKENMINT_SIGNING_KEYSTORE=keys/training.p12 \
    "$JAVA" -XX:AOTCacheOutput="$APP/tokenmint.aot" -Dspring.context.exit=onRefresh -jar "$APP/tokenmint.jar" \
    > "$SCRATCH/training.log" 2>&1); then
  tail -50 "$SCRATCH/training.log" >&2
  echo "aot-cache.sh: the training run failed" >&2
  exit 1
fi
