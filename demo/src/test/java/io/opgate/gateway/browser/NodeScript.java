package io.opgate.gateway.browser;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs a test script of {@code dashboard-e2e/} with Node.js and fails the test when the script fails, times out, or
 * cannot run at all (no Node.js, no {@code npm ci}, no Chromium): these tests never skip.
 *
 * <p>The script may ask the Java side to act with a line {@code @opgate <command>} on its standard output; the
 * answer of {@code commands} goes back as one line on its standard input.
 */
final class NodeScript {

    static final String INSTALL = "apt-get install -y chromium nodejs npm (Node.js 20 or newer), then "
            + "(cd dashboard-e2e && npm ci); .ci/run does both";

    private NodeScript() {}

    static Path directory() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("dashboard-e2e");
            if (Files.isRegularFile(candidate.resolve("package.json"))) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(
                "dashboard-e2e/ not found above " + Path.of("").toAbsolutePath());
    }

    /** Checks that the script can run here, failing with the install command when not. */
    static void requireTools() {
        Path dir = directory();
        try {
            Process version = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!version.waitFor(30, TimeUnit.SECONDS) || version.exitValue() != 0) {
                fail("node --version failed (" + out + "); install: " + INSTALL);
            }
            int major = Integer.parseInt(out.replaceFirst("^v(\\d+).*$", "$1"));
            if (major < 20) {
                fail("Node.js " + out + " is too old; these tests need 20 or newer. " + INSTALL);
            }
        } catch (IOException e) {
            fail("Node.js is not installed (" + e.getMessage() + "); install: " + INSTALL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
        for (String module : List.of("playwright-core", "eventsource", "axe-core")) {
            if (!Files.isDirectory(dir.resolve("node_modules").resolve(module))) {
                fail("dashboard-e2e/node_modules/" + module + " is missing; run: " + INSTALL);
            }
        }
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        if (!Files.isExecutable(Path.of(chromium))) {
            fail("no Chromium at " + chromium + "; install: " + INSTALL);
        }
    }

    /** Runs {@code node script args...} in {@code dashboard-e2e/}, answering its commands; fails unless it exits 0. */
    static void run(Duration timeout, Function<String, String> commands, String script, String... args) {
        requireTools();
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        List<String> output = new ArrayList<>();
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(directory().toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            fail("could not start " + command + ": " + e.getMessage() + "; install: " + INSTALL);
            return;
        }
        Thread reader = new Thread(() -> converse(process, commands, output), "node-" + script);
        reader.setDaemon(true);
        reader.start();
        try {
            boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!ended) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                reader.join(5_000);
                fail(script + " did not finish within " + timeout + ":\n" + tail(output));
            }
            reader.join(5_000);
            if (process.exitValue() != 0) {
                fail(script + " exited with " + process.exitValue() + ":\n" + tail(output));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            fail("interrupted");
        }
    }

    private static void converse(Process process, Function<String, String> commands, List<String> output) {
        OutputStream stdin = process.getOutputStream();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                System.out.println("[node] " + line);
                synchronized (output) {
                    output.add(line);
                }
                if (line.startsWith("@opgate ")) {
                    String answer;
                    try {
                        answer = commands.apply(
                                line.substring("@opgate ".length()).trim());
                    } catch (RuntimeException e) {
                        e.printStackTrace(System.out);
                        answer = "{\"error\":\"" + e.getClass().getSimpleName() + "\"}";
                    }
                    stdin.write((answer + "\n").getBytes(StandardCharsets.UTF_8));
                    stdin.flush();
                }
            }
        } catch (IOException e) {
            // The process ended; its exit code tells the rest.
        }
    }

    private static String tail(List<String> output) {
        synchronized (output) {
            return String.join("\n", output.subList(Math.max(0, output.size() - 60), output.size()));
        }
    }
}
