package io.opgate.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What one rendering produced, by kind. */
record Manifests(List<HasMetadata> all) {

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type) {
        List<T> found = all(type);
        assertThat(found).as("at most one %s", type.getSimpleName()).hasSizeLessThanOrEqualTo(1);
        return found.stream().findFirst();
    }

    <T extends HasMetadata> T one(Class<T> type) {
        return find(type).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " rendered"));
    }

    Optional<HasMetadata> kind(String kind) {
        return all.stream().filter(r -> r.getKind().equals(kind)).findFirst();
    }

    Deployment deployment() {
        return one(Deployment.class);
    }

    Container container() {
        return deployment().getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /** The application.yaml the ConfigMap mounts, parsed. */
    @SuppressWarnings("unchecked")
    Map<String, Object> applicationYaml() {
        String yaml = one(ConfigMap.class).getData().get("application.yaml");
        return Serialization.unmarshal(yaml, Map.class);
    }

    /** The decoded content of every Secret, joined. */
    String secretText() {
        StringBuilder text = new StringBuilder();
        for (Secret secret : all(Secret.class)) {
            secret.getData().values().forEach(v -> text.append(
                            new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8))
                    .append('\n'));
        }
        return text.toString();
    }

    String podAnnotation(String key) {
        return deployment()
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get(key);
    }

    @SuppressWarnings("unchecked")
    static Object at(Map<String, Object> map, String dottedPath) {
        Object current = map;
        for (String key : dottedPath.split("\\.")) {
            if (!(current instanceof Map)) {
                return null;
            }
            current = ((Map<String, Object>) current).get(key);
        }
        return current;
    }
}
