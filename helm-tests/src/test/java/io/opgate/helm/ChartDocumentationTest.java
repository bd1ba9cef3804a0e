package io.opgate.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every value of values.yaml is documented in the chart's README and known to its schema. */
class ChartDocumentationTest {

    @Test
    void everyValueIsInTheChartReadmeAndTheSchema() {
        Map<String, Object> values = yaml(Chart.read(Chart.SOURCE.resolve("values.yaml")));
        Map<String, Object> schema = yaml(Chart.read(Chart.SOURCE.resolve("values.schema.json")));
        String readme = Chart.read(Chart.SOURCE.resolve("README.md"));

        List<String> paths = new ArrayList<>();
        List<String> notInSchema = new ArrayList<>();
        walk(values, schema, schema, "", paths, notInSchema);

        assertThat(paths).hasSizeGreaterThan(100);
        assertThat(paths)
                .as("values missing from helm/opgate/README.md's table")
                .allSatisfy(path -> assertThat(readme).contains("| `" + path + "` |"));
        assertThat(notInSchema).as("values the schema does not know").isEmpty();
    }

    /** Descends into a value while the schema describes its properties; a free-form object is one documented value. */
    @SuppressWarnings("unchecked")
    static void walk(
            Map<String, Object> values,
            Map<String, Object> schemaNode,
            Map<String, Object> root,
            String prefix,
            List<String> paths,
            List<String> notInSchema) {
        Map<String, Object> properties = (Map<String, Object>) schemaNode.get("properties");
        for (Map.Entry<String, Object> value : values.entrySet()) {
            String path = prefix.isEmpty() ? value.getKey() : prefix + "." + value.getKey();
            Object described = properties == null ? null : properties.get(value.getKey());
            if (described == null) {
                notInSchema.add(path);
                paths.add(path);
                continue;
            }
            Map<String, Object> sub = resolve((Map<String, Object>) described, root);
            if (value.getValue() instanceof Map<?, ?> map && !map.isEmpty() && sub.containsKey("properties")) {
                walk((Map<String, Object>) map, sub, root, path, paths, notInSchema);
            } else {
                paths.add(path);
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> resolve(Map<String, Object> node, Map<String, Object> root) {
        Object ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        Map<String, Object> target = root;
        for (String part : ref.toString().substring(2).split("/")) {
            target = (Map<String, Object>) target.get(part);
        }
        return target;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String text) {
        return Serialization.unmarshal(text, Map.class);
    }
}
