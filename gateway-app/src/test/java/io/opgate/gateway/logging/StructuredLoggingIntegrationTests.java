package io.opgate.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.gateway.OpgateApplication;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code logging.structured.format.console} (what the chart's {@code logging.format} sets) turns every console line of
 * the gateway into one JSON object, from start to stop.
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLoggingIntegrationTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ecs, log.level, message", "logstash, level, message", "gelf, level, short_message"})
    void everyConsoleLineIsOneJsonObject(String format, String levelField, String messageField, CapturedOutput output) {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(OpgateApplication.class)
                .run(
                        "--server.port=0",
                        "--opgate.security.mode=none",
                        "--opgate.backends.lab.type=scripted",
                        "--logging.structured.format.console=" + format)) {
            assertThat(app.isRunning()).isTrue();
        }

        List<String> lines = output.getOut()
                .lines()
                .filter(line -> !line.isBlank())
                .dropWhile(line -> !line.startsWith("{"))
                .toList();
        assertThat(lines).isNotEmpty();
        assertThat(lines)
                .allSatisfy(line ->
                        assertThat(JSON.readTree(line).isObject()).as(line).isTrue());
        JsonNode started = lines.stream()
                .map(JSON::readTree)
                .filter(node -> text(node, messageField).startsWith("Started "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no start line in " + lines));
        assertThat(
                        text(started, levelField).isEmpty()
                                ? started.path(levelField).asString()
                                : text(started, levelField))
                .isNotEmpty();
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
