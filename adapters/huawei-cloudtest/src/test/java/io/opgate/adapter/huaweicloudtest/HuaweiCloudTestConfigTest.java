package io.opgate.adapter.huaweicloudtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.spi.BackendConfig;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HuaweiCloudTestConfigTest {

    private static HuaweiCloudTestConfig config(Map<String, String> settings) {
        return HuaweiCloudTestConfig.of(BackendConfig.of("ct", settings));
    }

    private static Map<String, String> iam() {
        return new HashMap<>(CloudTestFakeBackend.iamSettings("https://cloudtest-ext.cn-north-4.myhuaweicloud.com"));
    }

    @Test
    void iamSettingsAreValid() {
        HuaweiCloudTestConfig config = config(iam());

        assertThat(config.validate()).isEmpty();
        assertThat(config.usesIam()).isTrue();
        assertThat(config.timeZone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void staticTokenIsValid() {
        HuaweiCloudTestConfig config = config(Map.of(
                "base-url", "https://cloudtest-ext.cn-north-4.myhuaweicloud.com",
                "auth-token", "MIIE-x",
                "time-zone", "Asia/Shanghai"));

        assertThat(config.validate()).isEmpty();
        assertThat(config.usesIam()).isFalse();
        assertThat(config.authToken().reveal()).isEqualTo("MIIE-x");
        assertThat(config.timeZone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
    }

    @Test
    void tokenAndIamTogetherAreRefused() {
        Map<String, String> settings = iam();
        settings.put("auth-token", "MIIE-x");

        assertThat(config(settings).validate()).singleElement().asString().contains("exclusive");
    }

    @Test
    void neitherTokenNorIamIsRefused() {
        assertThat(config(Map.of("base-url", "https://cloudtest.example")).validate())
                .singleElement()
                .asString()
                .contains("auth-token or");
    }

    @Test
    void everyIamKeyIsNeeded() {
        Map<String, String> settings = iam();
        settings.remove("iam.password");
        settings.remove("iam.project");

        assertThat(config(settings).validate())
                .containsExactly(
                        "opgate.backends.ct.iam.password is required when any iam.* setting is given",
                        "opgate.backends.ct.iam.project is required when any iam.* setting is given");
    }

    @Test
    void badZoneBaseUrlAndIamUrlAreRefused() {
        Map<String, String> settings = iam();
        settings.put("time-zone", "Mars/Olympus");
        settings.put("iam.url", "iam.example");
        settings.remove("base-url");

        assertThat(config(settings).validate())
                .hasSize(3)
                .anyMatch(p -> p.contains("base-url is required"))
                .anyMatch(p -> p.contains("iam.url must be an absolute"))
                .anyMatch(p -> p.contains("time-zone is not a time zone id"));
    }

    @Test
    void problemsNeverShowThePassword() {
        Map<String, String> settings = iam();
        settings.put("auth-token", "MIIE-secret-token");

        assertThat(String.join(" ", config(settings).validate()))
                .doesNotContain(CloudTestFakeBackend.PASSWORD)
                .doesNotContain("MIIE-secret-token");
    }
}
