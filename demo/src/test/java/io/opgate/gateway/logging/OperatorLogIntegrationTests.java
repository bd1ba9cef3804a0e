package io.opgate.gateway.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged gateway's console log as an operator reads it: a start-up summary of the backends (type and host),
 * the store, the security mode and the dashboard's address, and no blank trace-id placeholder on lines logged outside
 * a trace. It runs the jar in a JVM of its own, as a user does.
 */
class OperatorLogIntegrationTests {

    static final Pattern BLANK_PLACEHOLDER = Pattern.compile("\\[\\s{5,}\\]");

    @Test
    void startUpSaysWhatRunsWhereWithoutBlankPlaceholders(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("console.log");
        Process gateway = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        Path.of("target/opgate-demo.jar").toAbsolutePath().toString(),
                        "--spring.profiles.active=demo",
                        "--server.port=0")
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        try {
            await("start within 240 s (a loaded machine is slow)")
                    .atMost(Duration.ofSeconds(240))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        assertThat(gateway.isAlive()).as("gateway running").isTrue();
                        return Files.readAllLines(out).stream().anyMatch(l -> l.contains("Dashboard: "));
                    });
        } finally {
            gateway.destroy();
            if (!gateway.waitFor(30, TimeUnit.SECONDS)) {
                gateway.destroyForcibly();
            }
        }
        List<String> lines =
                Files.readAllLines(out).stream().filter(l -> !l.isBlank()).toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("opgate is ready: store memory, security mode none"));
        for (String type : List.of("solidfire", "ontap", "huawei-cloudtest", "aliyun-bpstudio")) {
            assertThat(lines).as(type).anySatisfy(l -> assertThat(l)
                    .containsPattern("Backend \\S+: type " + type
                            + ", at http://(127\\.0\\.0\\.1|localhost):\\d+, at most \\d+ polls at once$"));
        }
        assertThat(lines).anySatisfy(l -> assertThat(l).containsPattern("Dashboard: http://127\\.0\\.0\\.1:\\d+/$"));
        assertThat(lines).noneMatch(l -> BLANK_PLACEHOLDER.matcher(l).find());
    }
}
