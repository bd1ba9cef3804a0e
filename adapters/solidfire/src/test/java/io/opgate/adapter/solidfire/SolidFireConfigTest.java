package io.opgate.adapter.solidfire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opgate.adapter.kit.AdapterCompatibilityKit;
import io.opgate.contracts.spi.AdapterContext;
import io.opgate.contracts.spi.BackendConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SolidFireConfigTest {

    private static SolidFireConfig config(Map<String, String> settings) {
        return SolidFireConfig.of(BackendConfig.of("sf", settings));
    }

    @Test
    void baseUrlUsernameAndPasswordAreRequired() {
        assertThat(config(Map.of("type", "solidfire")).validate())
                .containsExactly(
                        "opgate.backends.sf.base-url is required for type solidfire",
                        "opgate.backends.sf.username is required for type solidfire",
                        "opgate.backends.sf.password is required for type solidfire");
    }

    @Test
    void completeSettingsAreValidAndReleaseHandlesIsOffByDefault() {
        SolidFireConfig config = config(Map.of(
                "type", "solidfire",
                "base-url", "https://mvip.example/json-rpc/12.3/",
                "username", "admin",
                "password", "pw"));

        assertThat(config.validate()).isEmpty();
        assertThat(config.baseUrl()).isEqualTo("https://mvip.example/json-rpc/12.3");
        assertThat(config.releaseHandles()).isFalse();
        assertThat(config.password().reveal()).isEqualTo("pw");
        assertThat(config.toString()).doesNotContain("pw");
    }

    @Test
    void releaseHandlesMustBeABoolean() {
        SolidFireConfig config = config(Map.of(
                "type", "solidfire",
                "base-url", "https://mvip.example/json-rpc/12.3",
                "username", "admin",
                "password", "pw",
                "release-handles", "yes"));

        assertThat(config.validate())
                .containsExactly("opgate.backends.sf.release-handles must be true or false, was 'yes'");
        assertThat(config(Map.of("release-handles", "TRUE")).releaseHandles()).isTrue();
    }

    @Test
    void factoryRefusesInvalidSettingsWithoutShowingThePassword() {
        BackendConfig settings = BackendConfig.of("sf", Map.of("type", "solidfire", "password", "Sup3rSecret"));
        AdapterContext context = AdapterCompatibilityKit.context(Clock.systemUTC(), Duration.ofSeconds(1));

        assertThat(new SolidFireAdapterFactory().validate(settings)).hasSize(2);
        assertThatThrownBy(() -> new SolidFireAdapterFactory().create(settings, context))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base-url")
                .hasMessageNotContaining("Sup3rSecret");
    }
}
