package io.opgate.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell blocks of README.md's "Deploy on Kubernetes", run as written by bash, with {@code kubectl} and {@code
 * helm} on the PATH replaced by recorders: what {@code kubectl create secret generic} would create becomes the
 * user's Secrets, what {@code helm install}/{@code upgrade --reuse-values} would install becomes the {@link Chart}
 * to render. So the deployment tests run exactly the README's commands, and fail when those change in a way the
 * chart does not follow.
 */
final class ReadmeCommands {

    static final Path README = Chart.SOURCE.resolve("../../README.md").normalize();
    static final Path REPO = README.getParent();

    static final String KUBECTL =
            """
            #!/bin/bash
            set -eu
            d="$RECORD/$(date +%s%N)-kubectl"; mkdir -p "$d"
            printf '%s\\0' "$@" > "$d/args"
            for a in "$@"; do
              case "$a" in
                --from-file=*) spec="${a#--from-file=}"
                  if [[ "$spec" == *=* ]]; then key="${spec%%=*}"; path="${spec#*=}"; else key="$(basename "$spec")"; path="$spec"; fi
                  cp "$path" "$d/file-$key";;
              esac
            done
            """;
    static final String HELM =
            """
            #!/bin/bash
            set -eu
            d="$RECORD/$(date +%s%N)-helm"; mkdir -p "$d"
            printf '%s\\0' "$@" > "$d/args"
            """;

    /** Every ```sh block of the section. */
    static List<String> blocks() {
        String readme = Chart.read(README);
        int start = readme.indexOf("## Deploy on Kubernetes");
        int end = readme.indexOf("\n## ", start + 3);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        List<String> blocks = new ArrayList<>();
        Matcher block = Pattern.compile("(?s)```sh\\n(.*?)```").matcher(section);
        while (block.find()) {
            blocks.add(block.group(1));
        }
        return blocks;
    }

    /** The one block that contains {@code marker}. */
    static String block(String marker) {
        List<String> found = blocks().stream().filter(b -> b.contains(marker)).toList();
        if (found.size() != 1) {
            throw new AssertionError("README.md's Deploy on Kubernetes should have one ```sh block with '" + marker
                    + "', has " + found.size());
        }
        return found.get(0);
    }

    /** What running the blocks in order would have done to a cluster. */
    record Installed(Map<String, Map<String, String>> secrets, Chart chart, List<List<String>> helmCalls) {}

    static Installed run(Path work, Map<String, String> env, String... blocks) {
        try {
            Path bin = Files.createDirectories(work.resolve("bin"));
            Path record = Files.createDirectories(work.resolve("record"));
            Path cwd = Files.createDirectories(work.resolve("cwd"));
            Files.createSymbolicLink(cwd.resolve("helm"), REPO.resolve("helm"));
            write(bin.resolve("kubectl"), KUBECTL);
            write(bin.resolve("helm"), HELM);
            for (String block : blocks) {
                ProcessBuilder bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", block)
                        .directory(cwd.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(work.resolve("readme.log").toFile());
                bash.environment().putAll(env);
                bash.environment().put("RECORD", record.toString());
                bash.environment().put("PATH", bin + ":" + System.getenv("PATH"));
                Process p = bash.start();
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new AssertionError(
                            "README block failed:\n" + block + "\n" + Files.readString(work.resolve("readme.log")));
                }
            }
            return replay(record, cwd);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Installed replay(Path record, Path cwd) throws IOException {
        Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
        List<List<String>> helmCalls = new ArrayList<>();
        List<String> values = new ArrayList<>();
        String release = null;
        String namespace = "default";
        List<Path> calls;
        try (var list = Files.list(record)) {
            calls = list.sorted().toList();
        }
        for (Path call : calls) {
            List<String> args = List.of(Files.readString(call.resolve("args"), StandardCharsets.UTF_8)
                    .split("\0"));
            if (call.getFileName().toString().endsWith("-kubectl")) {
                int generic = args.indexOf("generic");
                if (generic < 0) {
                    continue;
                }
                Map<String, String> data = new LinkedHashMap<>();
                for (String arg : args) {
                    if (arg.startsWith("--from-literal=")) {
                        String kv = arg.substring("--from-literal=".length());
                        data.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                    }
                }
                try (var files = Files.list(call)) {
                    for (Path file : files.toList()) {
                        String name = file.getFileName().toString();
                        if (name.startsWith("file-")) {
                            data.put(name.substring(5), Files.readString(file));
                        }
                    }
                }
                secrets.put(args.get(generic + 1), data);
                continue;
            }
            helmCalls.add(args);
            String verb = args.get(0);
            if (!verb.equals("install") && !verb.equals("upgrade")) {
                continue;
            }
            if (verb.equals("install") || !args.contains("--reuse-values")) {
                values.clear();
            }
            release = args.get(1);
            if (!args.get(2).equals("helm/opgate")) {
                throw new AssertionError("the README installs " + args.get(2) + ", not helm/opgate");
            }
            for (int i = 3; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "-n", "--namespace" -> namespace = args.get(++i);
                    case "-f", "--values" ->
                        values.add("-f" + cwd.resolve(args.get(++i)).toRealPath());
                    case "--set" -> values.add(args.get(++i));
                    case "--create-namespace", "--reuse-values", "--wait" -> {}
                    default -> throw new AssertionError("helm option not replayed: " + arg);
                }
            }
        }
        if (release == null) {
            throw new AssertionError("the README blocks install nothing");
        }
        Chart chart = Chart.defaults().release(release, namespace);
        for (String value : values) {
            if (value.startsWith("-f")) {
                chart.file(Path.of(value.substring(2)));
            } else {
                int eq = value.indexOf('=');
                String key = value.substring(0, eq);
                String set = value.substring(eq + 1);
                if (set.startsWith("{") && set.endsWith("}")) {
                    // --set's list syntax, which helm-java's set() passes as a string
                    String[] items = set.substring(1, set.length() - 1).split(",");
                    for (int i = 0; i < items.length; i++) {
                        chart.set(key + "[" + i + "]", items[i]);
                    }
                } else {
                    chart.set(key, set);
                }
            }
        }
        return new Installed(secrets, chart, helmCalls);
    }

    private static void write(Path script, String text) throws IOException {
        Files.writeString(script, text);
        script.toFile().setExecutable(true);
    }
}
