package io.opgate.adapter.aliyunbpstudio;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.spi.BackendConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AliyunBpstudioConfigTest {

    private static AliyunBpstudioConfig config(Map<String, String> settings) {
        return AliyunBpstudioConfig.of(BackendConfig.of("bp", settings));
    }

    @Test
    void keyPairIsEnoughAndTheEndpointHasADefault() {
        AliyunBpstudioConfig config = config(Map.of("access-key-id", "LTAI", "access-key-secret", "s3cret"));

        assertThat(config.validate()).isEmpty();
        assertThat(config.endpoint()).isEqualTo("https://bpstudio.aliyuncs.com");
        assertThat(config.resourceGroupId()).isNull();
        assertThat(config.accessKeySecret().toString()).doesNotContain("s3cret");
    }

    @Test
    void bothKeysAreRequired() {
        assertThat(config(Map.of()).validate())
                .containsExactly(
                        "opgate.backends.bp.access-key-id is required for type ",
                        "opgate.backends.bp.access-key-secret is required for type ");
    }

    @Test
    void baseUrlIsChecked() {
        assertThat(config(Map.of("access-key-id", "LTAI", "access-key-secret", "s", "base-url", "bpstudio"))
                        .validate())
                .singleElement()
                .asString()
                .contains("base-url must be an absolute");
    }
}
