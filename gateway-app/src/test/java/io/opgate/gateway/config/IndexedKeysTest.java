package io.opgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.spi.BackendConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class IndexedKeysTest {

    /** Binds {@code properties} as Spring Boot binds {@code opgate.*} and reads backend {@code name}'s tenants. */
    static BackendConfig bound(Map<String, String> properties, String name) {
        OpgateProperties bound = new Binder(new MapConfigurationPropertySource(properties))
                .bind("opgate", OpgateProperties.class)
                .get();
        return BackendConfig.of(name, IndexedKeys.fold(bound.backends().get(name)));
    }

    @Test
    void aYamlListOfTenantsIsReadAsTheList() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("opgate.backends.lab.type", "scripted");
        properties.put("opgate.backends.lab.tenants[0]", "team-b");
        properties.put("opgate.backends.lab.tenants[1]", "team-x");
        properties.put("opgate.backends.lab.iam.url", "https://iam");
        BackendConfig config = bound(properties, "lab");
        assertThat(config.tenants()).containsExactlyInAnyOrder("team-b", "team-x");
        assertThat(config.get("iam.url")).isEqualTo("https://iam");
        assertThat(config.type()).isEqualTo("scripted");
    }

    @Test
    void aCommaSeparatedValueAsFromAnEnvironmentVariableWorksToo() {
        BackendConfig config =
                bound(Map.of("opgate.backends.lab.type", "scripted", "opgate.backends.lab.tenants", "a, b"), "lab");
        assertThat(config.tenants()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void bracketedKeysFoldAsWellAndOtherKeysStay() {
        Map<String, String> folded = IndexedKeys.fold(Map.of("tenants[0]", "a", "tenants[1]", "b", "iam.url", "u"));
        assertThat(folded).containsOnly(Map.entry("tenants", "a,b"), Map.entry("iam.url", "u"));
    }

    @Test
    void tenIndexedItemsKeepTheirOrder() {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 10; i >= 0; i--) {
            settings.put("tenants." + i, "t" + i);
        }
        assertThat(IndexedKeys.fold(settings).get("tenants")).isEqualTo("t0,t1,t2,t3,t4,t5,t6,t7,t8,t9,t10");
    }
}
