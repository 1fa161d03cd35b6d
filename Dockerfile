# syntax=docker/dockerfile:1
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:25-jre
RUN useradd --system --uid 10001 --home-dir /app tokenmint
WORKDIR /app
COPY --from=build /src/target/tokenmint-*.jar /app/tokenmint.jar
COPY config /app/config
RUN mkdir -p /app/data /app/keys && chown tokenmint /app/data /app/keys
USER 10001
ENV TOKENMINT_SIGNING_GENERATEIFMISSING=false \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
VOLUME ["/app/data", "/app/keys"]
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/tokenmint.jar"]
