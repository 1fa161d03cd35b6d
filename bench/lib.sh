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
