# syntax=docker/dockerfile:1
# The opgate image: built from source with the Maven wrapper, run as the Boot jar's layers on a JRE.
#   docker build -t opgate/opgate:0.1.0 .

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -DskipTests -pl gateway-app -am package \
 && java -Djarmode=tools -jar gateway-app/target/opgate.jar extract --layers --launcher --destination /extracted

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 opgate \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /app --shell /usr/sbin/nologin opgate
WORKDIR /app
# One layer per rate of change: dependencies change rarely, the application with every build.
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
USER 10001:10001
EXPOSE 8080
# The heap follows the container's memory limit; an OutOfMemoryError ends the JVM so that Kubernetes restarts it
# instead of leaving a half-working process. More flags: JAVA_TOOL_OPTIONS.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", \
            "org.springframework.boot.loader.launch.JarLauncher"]
