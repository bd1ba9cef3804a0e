package io.opgate.gateway.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The packaged gateway ({@code target/opgate-demo.jar}: the gateway with the demo, built by {@code package} before failsafe runs) started as a user
 * starts it, {@code java -jar opgate-demo.jar --spring.profiles.active=demo ...}, in a JVM of its own: the page, its files and
 * the security chain are then exactly what an operator's browser meets. Its gateway and simulator ports survive
 * {@link #stop()} and {@link #start()}. Output goes to {@code target/browser/<name>.log}.
 */
public final class PackagedGateway implements AutoCloseable {

    static final Path JAR = Path.of("target", "opgate-demo.jar");

    /** The API key of the tests that turn authentication on; the gateway is given only its SHA-256. */
    public static final String API_KEY = "opgate-e2e-key-4f1b2c";

    private final String name;
    private final int port;
    private final int simulatorPort;
    private final List<String> settings;
    private Process process;

    private PackagedGateway(String name, List<String> settings) {
        this.name = name;
        this.port = freePort();
        this.simulatorPort = freePort();
        this.settings = settings;
        this.process = launch();
        awaitReady(Duration.ofSeconds(300));
    }

    /** The demo with {@code opgate.security.mode=api-key} and one key ({@link #API_KEY}, tenant default, read+write). */
    public static PackagedGateway demoWithApiKey(String name, String... settings) {
        List<String> all = new ArrayList<>(List.of(
                "opgate.security.mode=api-key",
                "opgate.security.api-keys[0].sha256=" + sha256(API_KEY),
                "opgate.security.api-keys[0].tenant=default",
                "opgate.security.api-keys[0].roles=read,write"));
        all.addAll(List.of(settings));
        return new PackagedGateway(name, all);
    }

    /** The demo exactly as the README starts it (no authentication). */
    public static PackagedGateway demo(String name, String... settings) {
        return new PackagedGateway(name, List.of(settings));
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The simulated backends' control API ({@code /_sim}). */
    public String simulatorUrl() {
        return "http://127.0.0.1:" + simulatorPort;
    }

    /** SIGTERM (a graceful stop) and wait: the gateway is gone until {@link #start()}. */
    public void stop() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The same command again, on the same ports. */
    public void start() {
        process = launch();
        awaitReady(Duration.ofSeconds(300));
    }

    @Override
    public void close() {
        stop();
    }

    private Process launch() {
        if (!Files.isRegularFile(JAR)) {
            throw new AssertionError(JAR.toAbsolutePath() + " is missing: these tests run the packaged gateway "
                    + "(./mvnw -pl demo -am verify builds it before the integration tests)");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toAbsolutePath().toString(),
                "--spring.profiles.active=demo",
                "--server.port=" + port,
                "--opgate.demo.simulator-port=" + simulatorPort));
        settings.forEach(setting -> command.add("--" + setting));
        try {
            Path dir = Files.createDirectories(Path.of("target", "browser"));
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve(name + ".log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Duration within) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(5))
                .build();
        try {
            await().atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError(name + " exited at start: " + tail());
                }
                try {
                    return http.send(ready, HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200;
                } catch (IOException e) {
                    return false; // not listening yet
                }
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + " not ready within " + within + ": " + tail());
        }
    }

    public String tail() {
        try {
            List<String> lines =
                    Files.readAllLines(Path.of("target", "browser", name + ".log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
