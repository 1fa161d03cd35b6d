# syntax=docker/dockerfile:1
# Build from source:          docker build -t tokenmint .
# Build from a jar you built: mvn -B package && docker build --build-arg JAR=prebuilt -t tokenmint .
# Podman: add --format docker (keeps the HEALTHCHECK). Running it: docs/operations.md.
#
# The base images are build arguments so that the same file builds where these names cannot be pulled, with
# stand-ins of the same shape (src/test/container/run.sh does that here).
ARG JDK_IMAGE=maven:3.9-eclipse-temurin-17
ARG JRE_IMAGE=eclipse-temurin:25-jre
# source: Maven builds the jar in the first stage; prebuilt: the jar comes from target/ in the build context.
ARG JAR=source

FROM ${JDK_IMAGE} AS jar-source
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q package -DskipTests && mkdir /jar && cp target/tokenmint-*.jar /jar/tokenmint.jar

FROM scratch AS jar-prebuilt
COPY target/tokenmint-*.jar /jar/tokenmint.jar

FROM jar-${JAR} AS jar

FROM ${JRE_IMAGE}
# OCI labels (docs/operations.md, "Releases"). VERSION is the pom's version (a test keeps them equal; the release
# commit changes both); REVISION and SOURCE are the commit and the repository it was built from, which only the
# build knows: --build-arg REVISION=$(git rev-parse HEAD) --build-arg SOURCE=<repository URL>. No licence has been
# chosen yet, which SPDX writes NOASSERTION.
ARG VERSION=1.1.0-SNAPSHOT
ARG REVISION=
ARG SOURCE=
LABEL org.opencontainers.image.title="tokenmint" \
      org.opencontainers.image.description="Issues signed JWTs to mobile and web SDKs (Nutrient Document Engine, MoEngage, Braze)" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.licenses="NOASSERTION"
RUN groupadd --system --gid 10001 tokenmint \
 && useradd --system --uid 10001 --gid tokenmint --home-dir /app --shell /usr/sbin/nologin tokenmint
WORKDIR /app
# data/ is the one writable place. Mode 1777 (sticky, like /tmp) because a tmpfs or an empty volume mounted
# over it takes this directory's mode but belongs to root, with Docker and Podman alike (moby/moby#39466):
# with 755 the service could not write to its own scratch mount.
RUN mkdir -p /app/data /app/keys && chown tokenmint:tokenmint /app/data && chmod 1777 /app/data
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
COPY --from=jar /jar/tokenmint.jar /tmp/tokenmint.jar
COPY src/main/docker/aot-cache.sh /tmp/aot-cache.sh
RUN java -Djarmode=tools -jar /tmp/tokenmint.jar extract --destination /app/application \
 && bash /tmp/aot-cache.sh /app/application && rm /tmp/tokenmint.jar /tmp/aot-cache.sh
COPY config /app/config
USER 10001:10001
VOLUME ["/app/data", "/app/keys"]
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '\"UP\"' <&3"]
ENTRYPOINT ["java", "-XX:AOTCache=/app/application/tokenmint.aot", "-jar", "/app/application/tokenmint.jar"]
