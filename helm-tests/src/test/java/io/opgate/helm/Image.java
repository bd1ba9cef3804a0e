package io.opgate.helm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the Dockerfile gives a container before the pod spec adds anything: the ENTRYPOINT and the ENV. The image's
 * content is the packaged jar's layers ({@code ContainerImageIntegrationTests} checks that), so the entrypoint's
 * {@code JarLauncher} main class is run here as {@code -jar opgate.jar}.
 */
record Image(List<String> entrypoint, Map<String, String> env) {

    static final Path DOCKERFILE = Chart.SOURCE.resolve("../../Dockerfile").normalize();
    static final Path JAR =
            Chart.SOURCE.resolve("../../gateway-app/target/opgate.jar").normalize();
    /** What the same Dockerfile builds with {@code --build-arg APP=demo/target/opgate-demo.jar}: the demo image. */
    static final Path DEMO_JAR =
            Chart.SOURCE.resolve("../../demo/target/opgate-demo.jar").normalize();

    static final String LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";

    static Image fromDockerfile() {
        String dockerfile = Chart.read(DOCKERFILE).replace("\\\n", " ");
        String runtime = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
        Matcher entry = Pattern.compile("(?m)^ENTRYPOINT \\[(.*)]$").matcher(runtime);
        if (!entry.find()) {
            throw new AssertionError("no ENTRYPOINT in " + DOCKERFILE);
        }
        List<String> entrypoint = new ArrayList<>();
        Matcher quoted = Pattern.compile("\"([^\"]*)\"").matcher(entry.group(1));
        while (quoted.find()) {
            entrypoint.add(quoted.group(1));
        }
        Map<String, String> env = new LinkedHashMap<>();
        Matcher envLine = Pattern.compile("(?m)^ENV (\\w+)=\"([^\"]*)\"$").matcher(runtime);
        while (envLine.find()) {
            env.put(envLine.group(1), envLine.group(2));
        }
        return new Image(entrypoint, env);
    }

    /** The entrypoint as this machine runs it: this JVM's java, the packaged jar for the launcher. */
    List<String> command() {
        return command(JAR);
    }

    /** The entrypoint of this image reference: the demo jar for the {@code -demo} image, else the production jar. */
    List<String> command(String image) {
        String repository = image.replaceAll("[@:][^/]*$", "");
        return command(repository.endsWith("-demo") ? DEMO_JAR : JAR);
    }

    private List<String> command(Path jar) {
        if (!jar.toFile().isFile()) {
            throw new AssertionError(jar + " is missing: build it first (./mvnw -pl gateway-app,demo -am package)");
        }
        List<String> command = new ArrayList<>();
        for (String arg : entrypoint) {
            if (arg.equals("java")) {
                command.add(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString());
            } else if (arg.equals(LAUNCHER)) {
                command.add("-jar");
                command.add(jar.toString());
            } else {
                command.add(arg);
            }
        }
        return command;
    }
}
