# syntax=docker/dockerfile:1
# Build: docker build -t tokenmint .
# Run:   see compose.yaml; the root filesystem can be read-only, with data/ and keys/ as volumes.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q package -DskipTests && cp target/tokenmint-*.jar /src/tokenmint.jar

FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 tokenmint \
 && useradd --system --uid 10001 --gid tokenmint --home-dir /app --shell /usr/sbin/nologin tokenmint
WORKDIR /app
COPY --from=build /src/tokenmint.jar /app/tokenmint.jar
COPY config /app/config
RUN mkdir -p /app/data /app/keys && chown tokenmint:tokenmint /app/data
USER 10001:10001
# Production defaults: never generate a key, the keystore comes mounted (a secret) at keys/signing.p12 with
# its password in TOKENMINT_KEYSTORE_PASSWORD; Tomcat's and Java's scratch files go to the data volume so
# that the root filesystem can stay read-only; the heap follows the container's memory limit.
ENV TOKENMINT_SIGNING_GENERATEIFMISSING=false \
    TOKENMINT_SIGNING_KEYSTORE=keys/signing.p12 \
    SERVER_TOMCAT_BASEDIR=data/tomcat \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=data"
VOLUME ["/app/data", "/app/keys"]
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '\"UP\"' <&3"]
ENTRYPOINT ["java", "-jar", "/app/tokenmint.jar"]
