# Shared by the benchmark scripts (sourced from the project's root directory).

# The packaged jar, built first when it is missing or older than the sources; prints its absolute path.
packaged_jar() {
  local jar
  jar=$(ls target/tokenmint-*.jar 2> /dev/null | head -1 || true)
  if [ -z "$jar" ] || [ -n "$(find src pom.xml -newer "$jar" -print -quit)" ]; then
    mvn -q -B package -DskipTests >&2 || return 1
    jar=$(ls target/tokenmint-*.jar | head -1) || return 1
  fi
  echo "$PWD/$jar"
}

# The image's JVM options (its JAVA_TOOL_OPTIONS, read from the Dockerfile), with MaxRAM standing in for the
# container's memory limit $1, which the JVM sizes its heap from.
image_java_options() {
  echo "$(sed -nE 's/.*JAVA_TOOL_OPTIONS="([^"]*)".*/\1/p' Dockerfile) -XX:MaxRAM=$1"
}

# PostgreSQL's server refuses to run as root.
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# Waits until the service on $PORT is ready; if its process ended first, shows the end of its log and stops.
wait_ready() { # pid, log
  until curl -sf "localhost:$PORT/actuator/health/readiness" > /dev/null 2>&1; do
    kill -0 "$1" 2> /dev/null || { tail -30 "$2" >&2; exit 1; }
    sleep 0.1
  done
}

# Creates an API client that may ask for any token on any document, and prints its key.
bench_client() { # name
  curl -s -X POST "localhost:$PORT/admin/clients" -H "X-Api-Key: $ADMIN_KEY" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$1\",\"max_permissions\":\"all\",\"documents\":[\"*\"]}" | jq -r .api_key
}
