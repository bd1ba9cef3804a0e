package io.opgate.adapter.ontap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opgate.adapter.kit.AdapterCompatibilityKit;
import io.opgate.contracts.spi.AdapterContext;
import io.opgate.contracts.spi.BackendConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OntapConfigTest {

    private static OntapConfig config(Map<String, String> settings) {
        return OntapConfig.of(BackendConfig.of("ontap-prod", settings));
    }

    @Test
    void baseUrlUsernameAndPasswordAreRequired() {
        assertThat(config(Map.of("type", "ontap")).validate())
                .containsExactly(
                        "opgate.backends.ontap-prod.base-url is required for type ontap",
                        "opgate.backends.ontap-prod.username is required for type ontap",
                        "opgate.backends.ontap-prod.password is required for type ontap");
    }

    @Test
    void baseUrlMustBeAnHttpUrl() {
        assertThat(config(Map.of("type", "ontap", "base-url", "cluster1", "username", "u", "password", "p"))
                        .validate())
                .singleElement()
                .asString()
                .contains("base-url must be an absolute http or https URL");
    }

    @Test
    void clusterUrlDropsATrailingApi() {
        assertThat(config(Map.of("base-url", "https://cluster1.example.com/")).clusterUrl())
                .isEqualTo("https://cluster1.example.com");
        assertThat(config(Map.of("base-url", "https://cluster1.example.com/api/"))
                        .clusterUrl())
                .isEqualTo("https://cluster1.example.com");
    }

    @Test
    void factoryRefusesInvalidSettingsWithoutShowingThePassword() {
        BackendConfig settings = BackendConfig.of("ontap-prod", Map.of("type", "ontap", "password", "Sup3rSecret"));
        AdapterContext context = AdapterCompatibilityKit.context(Clock.systemUTC(), Duration.ofSeconds(1));

        assertThat(new OntapAdapterFactory().validate(settings)).hasSize(2);
        assertThatThrownBy(() -> new OntapAdapterFactory().create(settings, context))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("username")
                .hasMessageNotContaining("Sup3rSecret");
        assertThat(OntapConfig.of(settings).toString()).doesNotContain("Sup3rSecret");
    }
}
