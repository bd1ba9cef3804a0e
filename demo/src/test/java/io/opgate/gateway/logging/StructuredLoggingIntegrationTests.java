package io.opgate.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code logging.structured.format.console} (what the chart's {@code logging.format} sets) turns every console line of
 * the packaged gateway into one JSON object, from start to graceful stop. It runs the jar in a JVM of its own: Boot
 * configures logging once per JVM, so a format given to a second application in a test JVM would not be applied.
 */
class StructuredLoggingIntegrationTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ecs, log.level, message", "logstash, level, message", "gelf, _level_name, short_message"})
    void everyConsoleLineIsOneJsonObject(String format, String levelField, String messageField, @TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("console.log");
        Process gateway = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        Path.of("target/opgate-demo.jar").toAbsolutePath().toString(),
                        "--spring.profiles.active=demo",
                        "--server.port=0",
                        "--logging.structured.format.console=" + format)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        try {
            awaitLine(gateway, out, "Started ", Duration.ofSeconds(90));
        } finally {
            gateway.destroy();
            if (!gateway.waitFor(30, TimeUnit.SECONDS)) {
                gateway.destroyForcibly();
            }
        }

        List<String> lines =
                Files.readAllLines(out).stream().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSizeGreaterThan(3);
        assertThat(lines)
                .allSatisfy(line ->
                        assertThat(JSON.readTree(line).isObject()).as(line).isTrue());
        JsonNode started = lines.stream()
                .map(JSON::readTree)
                .filter(node -> text(node, messageField).startsWith("Started OpgateApplication"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no start line in " + lines));
        assertThat(text(started, levelField)).isEqualTo("INFO");
        assertThat(lines).as("the graceful stop is logged too").anySatisfy(line -> assertThat(line)
                .contains("Graceful shutdown complete"));
        if (format.equals("ecs")) {
            assertThat(started.path("service").path("name").asString()).isEqualTo("opgate");
            assertThat(started.path("@timestamp").asString()).endsWith("Z");
        }
    }

    static void awaitLine(Process process, Path out, String text, Duration limit) throws Exception {
        try {
            await().atMost(limit)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.readString(out).contains(text) || !process.isAlive());
            if (Files.readString(out).contains(text)) {
                return;
            }
        } catch (ConditionTimeoutException e) {
            // reported below, with the output
        }
        throw new AssertionError("the gateway did not start:\n" + Files.readString(out));
    }

    /** A field by its dotted name, nested (ECS) or flat. */
    static String text(JsonNode node, String dotted) {
        JsonNode flat = node.path(dotted);
        if (!flat.isMissingNode()) {
            return flat.asString();
        }
        JsonNode current = node;
        for (String part : dotted.split("\\.")) {
            current = current.path(part);
        }
        return current.isMissingNode() ? "" : current.asString();
    }
}
