package io.opgate.gateway.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opgate.simulator.Credentials;
import io.opgate.simulator.Simulator;
import io.opgate.simulator.SimulatorOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the Dockerfile does, without Docker: extract the packaged jar's layers as its build stage does, lay them on top
 * of each other as its {@code COPY} lines do, and start the result with its {@code ENTRYPOINT}.
 */
class ContainerImageIntegrationTests {

    static final Path JAR = Path.of("target/opgate.jar");
    static final Path DOCKERFILE = Path.of("../Dockerfile");
    static final Pattern COPY = Pattern.compile("(?m)^COPY --from=build /extracted/([a-z-]+)/ \\./$");
    static final Pattern EXTRACT = Pattern.compile("java (-Djarmode=tools -jar \\S+ extract [^\\n]*) --destination");
    static final Pattern ENTRYPOINT = Pattern.compile("(?s)ENTRYPOINT \\[(.*?)]");
    static final Pattern PORT = Pattern.compile("Netty started on port (\\d+)");

    @Test
    void theJarIsLayeredAndTheDockerfileCopiesEveryLayer() throws IOException {
        String layers;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getEntry("BOOT-INF/layers.idx")).as("layers.idx").isNotNull();
            layers = new String(
                    jar.getInputStream(jar.getEntry("BOOT-INF/layers.idx")).readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> declared = new ArrayList<>();
        Matcher layer = Pattern.compile("(?m)^- \"([a-z-]+)\":").matcher(layers);
        while (layer.find()) {
            declared.add(layer.group(1));
        }
        assertThat(copiedLayers())
                .as("the Dockerfile copies the jar's layers in the jar's order")
                .isEqualTo(declared);
    }

    /** The simulator and the demo are the demo module's ({@code demo/target/opgate-demo.jar}), never production's. */
    @Test
    void theProductionJarCarriesNeitherTheSimulatorNorTheDemo() throws IOException {
        List<String> entries;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            entries = jar.stream().map(JarEntry::getName).toList();
        }
        assertThat(entries)
                .as("the gateway's own classes are there")
                .contains("BOOT-INF/classes/io/opgate/gateway/OpgateApplication.class");
        assertThat(entries)
                .as("no simulator or demo class, resource or library")
                .noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).matches(".*(simulator|demo).*"));
    }

    @Test
    void theExtractedLayersStartWithTheEntrypoint(@TempDir Path work) throws Exception {
        String dockerfile = Files.readString(DOCKERFILE);
        Matcher extract = EXTRACT.matcher(dockerfile);
        assertThat(extract.find()).as("the build stage's extract command").isTrue();
        Path extracted = work.resolve("extracted");
        List<String> command = new ArrayList<>(List.of(java()));
        assertThat(dockerfile)
                .as("the image is the production jar unless APP says otherwise")
                .contains("ARG APP=gateway-app/target/opgate.jar");
        command.addAll(List.of(extract.group(1)
                .replace("${APP}", JAR.toAbsolutePath().toString())
                .split(" ")));
        command.addAll(List.of("--destination", extracted.toString()));
        assertThat(run(command, work, Duration.ofMinutes(2)))
                .as("extract exit code")
                .isZero();

        Path app = work.resolve("app");
        for (String name : copiedLayers()) {
            Path from = extracted.resolve(name);
            assertThat(from).as("layer %s extracted", name).isDirectory();
            copyInto(from, app);
        }
        assertThat(app.resolve("org/springframework/boot/loader/launch/JarLauncher.class"))
                .exists();
        assertThat(app.resolve("BOOT-INF/classes/io/opgate/gateway/OpgateApplication.class"))
                .exists();

        List<String> entrypoint = entrypoint(dockerfile);
        assertThat(entrypoint)
                .as("JVM flags belong in JDK_JAVA_OPTIONS, which a deployment can replace")
                .noneMatch(arg -> arg.startsWith("-XX:"));
        List<String> start = new ArrayList<>(entrypoint);
        start.set(0, java());
        start.addAll(List.of("--server.port=0", "--server.address=127.0.0.1", "--opgate.security.mode=none"));
        Simulator backend = Simulator.start(SimulatorOptions.defaults());
        Credentials credentials = backend.options().credentials();
        start.addAll(List.of(
                "--opgate.backends.lab.type=ontap",
                "--opgate.backends.lab.base-url=" + backend.ontapUrl(),
                "--opgate.backends.lab.username=" + credentials.username(),
                "--opgate.backends.lab.password=" + credentials.password()));
        Path log = work.resolve("out.log");
        Process process = new ProcessBuilder(start)
                .directory(app.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            int port = awaitPort(process, log, Duration.ofSeconds(90));
            HttpResponse<String> readiness = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(
                                            URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(readiness.statusCode()).isEqualTo(200);
            assertThat(readiness.body()).contains("\"UP\"");
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            backend.close();
        }
    }

    static List<String> copiedLayers() throws IOException {
        Matcher copy = COPY.matcher(Files.readString(DOCKERFILE));
        List<String> layers = new ArrayList<>();
        while (copy.find()) {
            layers.add(copy.group(1));
        }
        return layers;
    }

    static List<String> entrypoint(String dockerfile) {
        Matcher m = ENTRYPOINT.matcher(dockerfile);
        assertThat(m.find()).as("ENTRYPOINT").isTrue();
        List<String> args = new ArrayList<>();
        Matcher quoted = Pattern.compile("\"([^\"]*)\"").matcher(m.group(1));
        while (quoted.find()) {
            args.add(quoted.group(1));
        }
        return args;
    }

    static int awaitPort(Process process, Path log, Duration limit) throws Exception {
        try {
            await().atMost(limit)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> PORT.matcher(Files.readString(log)).find() || !process.isAlive());
            Matcher port = PORT.matcher(Files.readString(log));
            if (port.find()) {
                return Integer.parseInt(port.group(1));
            }
        } catch (ConditionTimeoutException e) {
            // reported below, with the log
        }
        throw new AssertionError("the image's entrypoint did not start:\n" + Files.readString(log));
    }

    static int run(List<String> command, Path dir, Duration limit) throws Exception {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("extract.log").toFile())
                .start();
        if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return p.exitValue();
    }

    static void copyInto(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
