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
# Production defaults: never generate a key, the keystore comes mounted (a secret) at keys/signing.p12 with
# its password in TOKENMINT_KEYSTORE_PASSWORD; Tomcat's and Java's scratch files go to the data volume so
# that the root filesystem can stay read-only; the heap is 40% of the container's memory limit (compose.yaml
# gives 512 MB), G1 whatever the limit (the JVM would pick the serial collector below 1.8 GB).
ENV TOKENMINT_SIGNING_GENERATEIFMISSING=false \
    TOKENMINT_SIGNING_KEYSTORE=keys/signing.p12 \
    SERVER_TOMCAT_BASEDIR=data/tomcat \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=40 -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=data"
# Extracted, not the nested jar: class loading is cheaper, and the JVM's ahead-of-time cache needs plain jars.
# The cache is recorded by one training start-up at build time and halves start-up (see docs/performance.md).
COPY --from=build /src/tokenmint.jar /tmp/tokenmint.jar
COPY src/main/docker/aot-cache.sh /tmp/aot-cache.sh
RUN java -Djarmode=tools -jar /tmp/tokenmint.jar extract --destination /app/application \
 && bash /tmp/aot-cache.sh /app/application && rm /tmp/tokenmint.jar /tmp/aot-cache.sh
COPY config /app/config
RUN mkdir -p /app/data /app/keys && chown tokenmint:tokenmint /app/data
USER 10001:10001
VOLUME ["/app/data", "/app/keys"]
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '\"UP\"' <&3"]
ENTRYPOINT ["java", "-XX:AOTCache=/app/application/tokenmint.aot", "-jar", "/app/application/tokenmint.jar"]
