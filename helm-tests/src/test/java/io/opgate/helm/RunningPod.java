package io.opgate.helm;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;

/** The container a {@link Kubelet} started: its mapped ports, its probes as the kubelet runs them, its log. */
final class RunningPod implements AutoCloseable {

    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private final Process process;
    private final Container container;
    private final Map<String, Integer> ports;
    private final Map<String, String> env;
    private final Path log;

    RunningPod(Process process, Container container, Map<String, Integer> ports, Map<String, String> env, Path log) {
        this.process = process;
        this.container = container;
        this.ports = ports;
        this.env = env;
        this.log = log;
    }

    /** The loopback port standing for a named container port (or its number). */
    int port(String nameOrNumber) {
        Integer port = ports.get(nameOrNumber);
        if (port == null) {
            port = container.getPorts().stream()
                    .filter(p -> Integer.toString(p.getContainerPort()).equals(nameOrNumber))
                    .findFirst()
                    .map(p -> ports.get(p.getName()))
                    .orElseThrow(() -> new AssertionError("the container has no port " + nameOrNumber));
        }
        return port;
    }

    Map<String, String> env() {
        return env;
    }

    /**
     * Runs the startup probe until it passes, then the readiness probe until it passes, with the rendered periods
     * and thresholds (a failed startup is what makes the kubelet restart the container).
     */
    void awaitReady() {
        awaitProbe("startup", container.getStartupProbe());
        awaitProbe("readiness", container.getReadinessProbe());
        int status = probe(container.getLivenessProbe());
        if (status < 200 || status >= 400) {
            throw new AssertionError("liveness answers " + status + " on a ready pod\n" + log());
        }
    }

    private void awaitProbe(String name, Probe probe) {
        if (probe == null) {
            return;
        }
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger status = new AtomicInteger();
        int threshold = probe.getFailureThreshold() == null ? 3 : probe.getFailureThreshold();
        int period = probe.getPeriodSeconds() == null ? 10 : probe.getPeriodSeconds();
        // Each failure costs one period; Awaitility polls faster but the limit counts failures in periods of time.
        try {
            await().atMost(Duration.ofSeconds((long) threshold * period))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("the container exited (" + process.exitValue() + ") before its "
                                    + name + " probe passed\n" + log());
                        }
                        status.set(probe(probe));
                        boolean passed = status.get() >= 200 && status.get() < 400;
                        if (!passed) {
                            failures.incrementAndGet();
                        }
                        return passed;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(name + " probe failed " + failures + " times over " + threshold * period
                    + " s (last status " + status + ")\n" + log());
        }
    }

    /** One httpGet probe: the status, or 0 when nothing answered in the probe's timeout. */
    int probe(Probe probe) {
        var get = probe.getHttpGet();
        String port = get.getPort().getStrVal() != null
                ? get.getPort().getStrVal()
                : Integer.toString(get.getPort().getIntVal());
        int timeout = probe.getTimeoutSeconds() == null ? 1 : probe.getTimeoutSeconds();
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(port) + get.getPath()))
                                    .timeout(Duration.ofSeconds(timeout))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    HttpResponse<String> get(String portName, String path, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(portName) + path))
                .timeout(Duration.ofSeconds(10));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** SIGTERM, as at a pod's deletion, then SIGKILL once the grace period is over. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(45, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
