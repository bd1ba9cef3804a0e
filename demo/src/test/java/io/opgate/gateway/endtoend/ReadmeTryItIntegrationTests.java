package io.opgate.gateway.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.opgate.gateway.support.PackagedGateway;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's "Try it" section, run as written: every {@code sh} block of the section, command by command, in one bash
 * shell (so {@code $ID} carries over), with curl, against the packaged demo started the README's way. Only
 * {@code localhost:8080} becomes the test's port. A command whose comment names statuses ({@code # 202 (ONTAP; 409 if
 * done ...)}) must answer one of them (the demo's jobs are random: one may end, or refuse, before the cancel reaches
 * it); every other request must succeed (2xx); {@code curl -N} streams are cut after a few seconds (unless the README
 * cuts them itself) and must have delivered an operation.
 */
class ReadmeTryItIntegrationTests {

    /** The statuses a command's comment names ({@code # 202 (...; 409 if done ...)}): it must answer one of them. */
    private static final Pattern STATUS_IN_COMMENT = Pattern.compile("\\b([1-5]\\d{2})\\b");

    private static final Pattern STATUS = Pattern.compile("@status (\\d{3})");
    private static final Pattern STREAM = Pattern.compile("curl -[A-Za-z]*N\\b");

    @Test
    void theReadmeTryItSectionRunsAsWrittenOnTheDemo(@TempDir Path dir) throws Exception {
        List<String> commands = commands(tryItSection());
        assertThat(commands).as("commands in README's Try it").hasSizeGreaterThan(5);
        assertThat(String.join("\n", commands))
                .as("the registration example is part of Try it")
                .contains("-XPOST localhost:8080/v1/operations ");
        try (PackagedGateway demo = PackagedGateway.demo("readme-try-it")) {
            Path script = dir.resolve("try-it.sh");
            Files.writeString(script, script(commands, demo.port(), dir));
            Process bash = new ProcessBuilder("bash", script.toString())
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("output.txt").toFile())
                    .start();
            if (!bash.waitFor(5, TimeUnit.MINUTES)) {
                bash.destroyForcibly();
                fail("Try it did not finish within 5 minutes:\n" + Files.readString(dir.resolve("output.txt")));
            }
            String output = Files.readString(dir.resolve("output.txt"));
            System.out.println(output);
            for (int i = 0; i < commands.size(); i++) {
                check(commands.get(i), i, dir, output);
            }
        }
    }

    /** What each command must answer, from its statuses (one line per curl call) and its output. */
    private static void check(String command, int index, Path dir, String output) throws IOException {
        // The status file is curl's standard error: progress meters of commands without -s, and our status lines.
        List<String> statuses = STATUS.matcher(Files.readString(dir.resolve("status-" + index + ".txt")))
                .results()
                .map(m -> m.group(1))
                .toList();
        String printed = Files.readString(dir.resolve("out-" + index + ".txt"));
        String context = "README command `" + command + "` answered " + statuses + " and printed:\n" + printed
                + "\n(the whole run:\n" + output + ")";
        if (!command.contains("curl")) {
            return;
        }
        assertThat(statuses).as(context).isNotEmpty();
        List<String> documented = command.contains("#")
                ? STATUS_IN_COMMENT
                        .matcher(command.substring(command.indexOf('#')))
                        .results()
                        .map(m -> m.group(1))
                        .toList()
                : List.of();
        for (String status : statuses) {
            if (documented.isEmpty()) {
                assertThat(status).as(context).startsWith("2");
            } else {
                assertThat(status).as(context).isIn(documented);
            }
        }
        if (STREAM.matcher(command).find()) {
            // SSE allows the space after the colon or not; the gateway writes none.
            assertThat(printed).as(context).containsPattern("event: ?operation");
        }
    }

    /**
     * One bash script: a curl that records each call's status and cuts streams, then each command between markers that
     * send its output and statuses to files of its own.
     */
    private static String script(List<String> commands, int port, Path dir) {
        StringBuilder s = new StringBuilder();
        s.append("set -u\n");
        s.append("n=0\n");
        s.append("curl() {\n");
        s.append("  local limit=40\n");
        s.append("  for a in \"$@\"; do case \"$a\" in --*) ;; -*N*) limit=5;; esac; done\n");
        s.append("  command curl --max-time \"$limit\" -w '%{stderr}\\n@status %{http_code}\\n' \"$@\" 2>>\"")
                .append(dir)
                .append("/status-$n.txt\"\n");
        s.append("  local code=$?\n");
        s.append("  if [ $code -eq 28 ]; then return 0; fi\n"); // a stream cut by --max-time
        s.append("  return $code\n");
        s.append("}\n");
        for (int i = 0; i < commands.size(); i++) {
            String command = commands.get(i).replace("localhost:8080", "127.0.0.1:" + port);
            s.append("n=")
                    .append(i)
                    .append("; : > \"")
                    .append(dir)
                    .append("/status-")
                    .append(i)
                    .append(".txt\"\n");
            s.append("echo \"\\$ ")
                    .append(commands.get(i)
                            .replace("\\", "\\\\")
                            .replace("\"", "\\\"")
                            .replace("$", "\\$")
                            .replace("`", "\\`"))
                    .append("\"\n");
            s.append("{ ")
                    .append(command)
                    .append("\n} > >(tee \"")
                    .append(dir)
                    .append("/out-")
                    .append(i)
                    .append(".txt\")\n");
            s.append("echo\n");
        }
        s.append("sleep 1\n");
        return s.toString();
    }

    /** The section's sh blocks as commands: continuation lines joined, comments kept with their command. */
    static List<String> commands(String section) {
        List<String> commands = new ArrayList<>();
        Matcher blocks = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL).matcher(section);
        while (blocks.find()) {
            StringBuilder current = new StringBuilder();
            for (String line : blocks.group(1).split("\n")) {
                if (current.isEmpty() && (line.isBlank() || line.trim().startsWith("#"))) {
                    continue;
                }
                if (line.endsWith("\\")) {
                    current.append(line, 0, line.length() - 1).append(' ');
                } else {
                    commands.add(current.append(line).toString().trim());
                    current.setLength(0);
                }
            }
        }
        return commands;
    }

    static String tryItSection() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("README.md"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no README.md above " + Path.of("").toAbsolutePath());
        }
        String readme = Files.readString(dir.resolve("README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("\n## Try it");
        assertThat(start).as("README.md has a \"## Try it\" section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }
}
