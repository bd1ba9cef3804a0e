package io.opgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.spi.BackendAdapterFactory;
import io.opgate.contracts.spi.SettingKey;
import io.opgate.gateway.tracking.BackendSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The configuration metadata on the class path, as the gateway's and the adapters' jars ship it. */
class BackendsMetadataTest {

    private static final String ANY_BACKEND = "opgate.backends.*.";

    private static final List<JsonNode> PROPERTIES = opgateProperties();

    /** What a metadata entry says of a key, the default as text. */
    record Documented(String type, @Nullable String defaultValue, String description) {}

    @Test
    void backendsAreAMapOfTheGatewaysSettingsSoThatIdesCompleteThem() {
        List<JsonNode> backends = PROPERTIES.stream()
                .filter(property -> text(property, "name").equals("opgate.backends"))
                .toList();

        assertThat(backends).singleElement().satisfies(backend -> {
            assertThat(text(backend, "type"))
                    .isEqualTo("java.util.Map<java.lang.String," + BackendSettings.class.getName() + ">");
            assertThat(text(backend, "description")).isNotBlank();
        });
    }

    @Test
    void everyKeyTheGatewayReadsOfABackendIsDocumented() {
        // Templates as the start-up check knows them, a list once as a whole and a map of free keys as its name.
        Set<String> keys = new SettingsKeys(List.of(), List.of())
                .backendKeys().stream()
                        .filter(key -> !key.endsWith("[*]"))
                        .map(key -> ANY_BACKEND + (key.endsWith(".*") ? key.substring(0, key.length() - 2) : key))
                        .collect(Collectors.toSet());

        Map<String, Documented> documented =
                documented(sourceType -> sourceType.startsWith(BackendSettings.class.getName()));

        assertThat(documented).containsOnlyKeys(keys);
        documented.forEach(
                (key, entry) -> assertThat(entry.description()).as(key).isNotBlank());
    }

    @Test
    void everyAdapterDocumentsTheKeysItReadsAsItDeclaresThem() {
        // The gateway's tests add a scripted adapter of their own, which ships in no jar.
        List<BackendAdapterFactory> adapters = ConfiguredBackends.factories().values().stream()
                .filter(factory -> !factory.getClass().getPackageName().startsWith("io.opgate.gateway."))
                .toList();
        assertThat(adapters)
                .extracting(BackendAdapterFactory::type)
                .contains("solidfire", "ontap", "huawei-cloudtest", "aliyun-bpstudio");
        adapters.forEach(factory -> {
            Map<String, Documented> declared = new LinkedHashMap<>();
            for (SettingKey key : factory.settings()) {
                assertThat(key.description()).as(key.name()).isNotBlank();
                declared.put(
                        ANY_BACKEND + key.name(),
                        new Documented(javaType(key.form()), key.defaultValue(), key.description()));
            }
            String adapterPackage = factory.getClass().getPackageName();

            Map<String, Documented> documented = documented(sourceType ->
                    sourceType.substring(0, sourceType.lastIndexOf('.')).equals(adapterPackage));

            assertThat(documented).as(factory.type()).isEqualTo(declared);
        });
    }

    /** The entries whose source type passes {@code sourceType}, by name. */
    private static Map<String, Documented> documented(Predicate<String> sourceType) {
        Map<String, Documented> documented = new LinkedHashMap<>();
        for (JsonNode property : PROPERTIES) {
            if (sourceType.test(text(property, "sourceType"))) {
                JsonNode fallback = property.get("defaultValue");
                documented.put(
                        text(property, "name"),
                        new Documented(
                                text(property, "type"),
                                fallback == null ? null : fallback.asString(),
                                text(property, "description")));
            }
        }
        return documented;
    }

    /** Every {@code opgate.*} property of every metadata file on the class path: the gateway's and each adapter's. */
    private static List<JsonNode> opgateProperties() {
        JsonMapper json = JsonMapper.builder().build();
        List<JsonNode> properties = new ArrayList<>();
        try {
            for (URL file : Collections.list(BackendsMetadataTest.class
                    .getClassLoader()
                    .getResources("META-INF/spring-configuration-metadata.json"))) {
                try (InputStream in = file.openStream()) {
                    for (JsonNode property : json.readTree(in).path("properties")) {
                        if (text(property, "name").startsWith("opgate.")) {
                            properties.add(property);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).asString("");
    }

    private static String javaType(SettingKey.Form form) {
        return switch (form) {
            case TEXT, SECRET, URL -> String.class.getName();
            case FLAG -> Boolean.class.getName();
            case ZONE -> ZoneId.class.getName();
        };
    }
}
