package io.opgate.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders helm/opgate with the Helm library (no cluster, no helm binary on the path) into typed manifests. */
final class Chart {

    static final Path SOURCE = Path.of(System.getProperty("opgate.chart", "../helm/opgate"))
            .toAbsolutePath()
            .normalize();
    static final Path PRODUCTION = SOURCE.resolve("examples/production.yaml");
    /**
     * The chart as rendered: a copy whose {@code kubeVersion} constraint is left out, because the Helm library inside
     * helm-java renders offline as Kubernetes v1.20.0 (it is built without the version a helm release binary
     * carries), below any cluster the chart supports. {@code ChartGuardsTest} checks the constraint itself. The
     * {@code helm test} pods' hook annotation is renamed, see below.
     */
    static final String HELM_HOOK = "rendered-as-manifest/helm.sh-hook";

    static final Path DIR = renderableCopy();

    private final List<Path> valueFiles = new ArrayList<>();
    private final Map<String, Object> sets = new LinkedHashMap<>();
    private String release = "opgate";
    private String namespace = "ops";

    static Chart values(String... resources) {
        Chart chart = new Chart();
        for (String resource : resources) {
            chart.valueFiles.add(resource.startsWith("/") ? Path.of(resource) : resource(resource));
        }
        return chart;
    }

    static Chart defaults() {
        return new Chart();
    }

    Chart file(Path values) {
        valueFiles.add(values);
        return this;
    }

    /** Values given as YAML text, for what {@code --set} cannot express (lists, keys with dots). */
    Chart yaml(String values) {
        try {
            Path file = Files.createTempFile("opgate-values", ".yaml");
            file.toFile().deleteOnExit();
            Files.writeString(file, values);
            valueFiles.add(file);
            return this;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    Chart release(String name, String namespace) {
        this.release = name;
        this.namespace = namespace;
        return this;
    }

    Chart set(String key, Object value) {
        sets.put(key, value);
        return this;
    }

    /** The rendered text, as {@code helm template} prints it; throws with Helm's message when rendering fails. */
    String template() {
        TemplateCommand command = new Helm(DIR).template().withName(release).withNamespace(namespace);
        valueFiles.forEach(command::withValuesFile);
        sets.forEach(command::set);
        return command.call();
    }

    Manifests render() {
        List<HasMetadata> resources = new ArrayList<>();
        for (String document : template().split("(?m)^---\\s*$")) {
            if (document.lines().anyMatch(line -> line.startsWith("kind:"))) {
                resources.add(Serialization.unmarshal(document, HasMetadata.class));
            }
        }
        return new Manifests(resources);
    }

    private static Path renderableCopy() {
        try {
            Path copy = Files.createTempDirectory("opgate-chart").resolve("opgate");
            try (var files = Files.walk(SOURCE)) {
                for (Path from : (Iterable<Path>) files::iterator) {
                    Path to = copy.resolve(SOURCE.relativize(from).toString());
                    if (Files.isDirectory(from)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(from, to);
                    }
                }
            }
            // helm-java answers the release's manifest, which leaves hooks out: the copy renames the hook annotation
            // of the `helm test` pods so that they render among the rest (HELM_HOOK names the original).
            try (var tests = Files.list(copy.resolve("templates/tests"))) {
                for (Path test : tests.toList()) {
                    Files.writeString(test, Files.readString(test).replace("helm.sh/hook:", HELM_HOOK + ":"));
                }
            }
            Path chartYaml = copy.resolve("Chart.yaml");
            Files.writeString(chartYaml, Files.readString(chartYaml).replaceAll("(?m)^kubeVersion:.*$", ""));
            return copy;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path resource(String name) {
        try {
            return Path.of(Chart.class.getResource("/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("no test resource " + name, e);
        }
    }

    static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
