# syntax=docker/dockerfile:1
# The opgate image: built from source with the Maven wrapper, run as the Boot jar's layers on a JRE.
#   docker build -t opgate/opgate:0.1.0 .
# The demo image (the same with the simulated backends and the demo inside; what the chart runs with demo.enabled):
#   docker build --build-arg APP=demo/target/opgate-demo.jar -t opgate/opgate-demo:0.1.0 .

FROM eclipse-temurin:17-jdk AS build
ARG APP=gateway-app/target/opgate.jar
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -DskipTests -pl gateway-app,demo -am package \
 && java -Djarmode=tools -jar ${APP} extract --layers --launcher --destination /extracted

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 opgate \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /app --shell /usr/sbin/nologin opgate
WORKDIR /app
# One layer per rate of change: dependencies change rarely, the application with every build.
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
# Any uid may run it (OpenShift's restricted SCC assigns one): the files are root's and world-readable, and nothing
# is written outside the /tmp the chart mounts.
USER 10001:10001
EXPOSE 8080 9090
# The JVM's defaults, as an environment variable that a deployment REPLACES (the chart renders its own from
# jvm.*): flags on the ENTRYPOINT would come after JDK_JAVA_OPTIONS and JAVA_TOOL_OPTIONS and always win. The heap
# follows the container's memory limit, leaving room for Netty's direct buffers (capped), metaspace and threads; an
# OutOfMemoryError ends the JVM so that Kubernetes restarts it instead of leaving a half-working process.
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=50 -XX:MaxDirectMemorySize=128m -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
