package io.opgate.gateway.reliability;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * One gateway as its own JVM, {@code java -jar target/opgate.jar} with settings as command-line arguments, so that a
 * test can kill it (SIGKILL) or stop it (SIGTERM) as an orchestrator would. Its output goes to
 * {@code target/reliability/<name>.log}.
 */
final class GatewayProcess implements AutoCloseable {

    static final Path JAR = Path.of("target", "opgate.jar");

    final String name;
    final int port;
    private final Process process;
    private final Path log;

    private GatewayProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    static GatewayProcess start(String name, Map<String, String> settings, String... jvmOptions) {
        if (!Files.isRegularFile(JAR)) {
            throw new AssertionError(JAR.toAbsolutePath() + " is missing: the replica tests run the packaged gateway "
                    + "(./mvnw -pl gateway-app -am verify builds it before the integration tests)");
        }
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.add("-jar");
        command.add(JAR.toAbsolutePath().toString());
        command.add("--server.port=" + port);
        command.add("--server.address=127.0.0.1");
        settings.forEach((key, value) -> command.add("--" + key + "=" + value));
        try {
            Path dir = Files.createDirectories(Path.of("target", "reliability"));
            Path log = dir.resolve(name + ".log");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            return new GatewayProcess(name, port, process, log);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until readiness answers 200. */
    void awaitReady(Duration within) {
        WebClient web = WebClient.create(url());
        try {
            await().atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError(name + " exited at start: " + tail());
                }
                Integer status = web.get()
                        .uri("/actuator/health/readiness")
                        .exchangeToMono(
                                r -> r.releaseBody().thenReturn(r.statusCode().value()))
                        .onErrorReturn(-1)
                        .block(Duration.ofSeconds(5));
                return status != null && status == 200;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + " not ready within " + within + "; its threads are in " + threadDump()
                    + "; its log ends with: " + tail());
        }
    }

    /** Asks the JVM for a thread dump (SIGQUIT writes it to the log) and answers where the log has it. */
    private String threadDump() {
        try {
            new ProcessBuilder("kill", "-QUIT", Long.toString(process.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> Files.readString(log).contains("Full thread dump"));
        } catch (IOException e) {
            return "(no thread dump: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ConditionTimeoutException e) {
            // A JVM too busy to write its dump in time still has its log, which is what the caller reports.
        }
        return log.toAbsolutePath().toString();
    }

    /** SIGKILL: gone at once, mid-poll, with its claims and open streams. */
    void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    /** SIGTERM, then waits for the exit; answers how long the shutdown took. */
    Duration stop(Duration within) {
        Instant asked = Instant.now();
        process.destroy();
        if (!waitFor(within)) {
            throw new AssertionError(name + " still running " + within + " after SIGTERM: " + tail());
        }
        return Duration.between(asked, Instant.now());
    }

    int exitCode() {
        return process.exitValue();
    }

    private boolean waitFor(Duration within) {
        try {
            return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(10));
        }
    }
}
