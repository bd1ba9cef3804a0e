package io.opgate.helm;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real {@code redis-server} (data node or sentinel) on a free loopback port, configured by a file in its own
 * directory, stopped by {@link #close}. A missing binary fails the test with the install command.
 */
final class RedisProcess implements AutoCloseable {

    static final String INSTALL = "apt-get install -y redis-server";

    final int port;
    private final Path dir;
    private final Process process;

    private RedisProcess(int port, Path dir, Process process) {
        this.port = port;
        this.dir = dir;
        this.process = process;
    }

    /** A data node; {@code config} lines are added to a minimal config (port, bind, dir, no persistence). */
    static RedisProcess server(Path parent, String... config) {
        return start(parent, false, "Ready to accept connections", config);
    }

    /** A sentinel; {@code config} must monitor a master. */
    static RedisProcess sentinel(Path parent, String... config) {
        return start(parent, true, "+monitor master", config);
    }

    private static RedisProcess start(Path parent, boolean sentinel, String ready, String... config) {
        int port = Kubelet.freePort();
        try {
            Path dir = Files.createDirectories(parent.resolve((sentinel ? "sentinel-" : "redis-") + port));
            List<String> lines = new ArrayList<>(
                    List.of("bind 127.0.0.1", "dir " + dir, "save \"\"", "appendonly no", "protected-mode no"));
            boolean tls = false;
            for (String line : config) {
                tls |= line.startsWith("tls-port");
            }
            lines.add((tls ? "port 0\ntls-port " : "port ") + port);
            lines.addAll(List.of(config));
            Path conf = dir.resolve(sentinel ? "sentinel.conf" : "redis.conf");
            Files.writeString(conf, String.join("\n", lines).replace("{port}", Integer.toString(port)) + "\n");
            Path log = dir.resolve("log");
            List<String> command = new ArrayList<>(List.of("redis-server", conf.toString()));
            if (sentinel) {
                command.add("--sentinel");
            }
            Process process;
            try {
                process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
            } catch (IOException e) {
                throw new AssertionError("redis-server is not installed: run `" + INSTALL + "`", e);
            }
            RedisProcess redis = new RedisProcess(port, dir, process);
            try {
                await().atMost(Duration.ofSeconds(15))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> redis.log().contains(ready) || !process.isAlive());
            } catch (ConditionTimeoutException e) {
                // reported below, with the log
            }
            if (!redis.log().contains(ready)) {
                redis.close();
                throw new AssertionError("redis-server did not start: " + conf + "\n" + redis.log());
            }
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String log() {
        try {
            return Files.readString(dir.resolve("log"));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
