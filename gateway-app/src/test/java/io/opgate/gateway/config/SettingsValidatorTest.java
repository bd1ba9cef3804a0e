package io.opgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opgate.contracts.spi.BackendAdapterFactory;
import io.opgate.contracts.spi.BackendConfig;
import io.opgate.gateway.OpgateApplication;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;

class SettingsValidatorTest {

    static Map<String, BackendAdapterFactory> factories() {
        Map<String, BackendAdapterFactory> factories = new LinkedHashMap<>();
        ServiceLoader.load(BackendAdapterFactory.class).forEach(f -> factories.put(f.type(), f));
        return factories;
    }

    static OpgateProperties properties(String mode, OpgateProperties.Polling polling) {
        return new OpgateProperties(
                "memory",
                java.time.Duration.ofHours(24),
                polling,
                Map.of(),
                OpgateProperties.Security.ofMode(mode),
                new OpgateProperties.Sse(java.time.Duration.ofSeconds(15), java.time.Duration.ofSeconds(3)),
                new OpgateProperties.Events(1000),
                new OpgateProperties.Demo(false, 30),
                new OpgateProperties.Tls(null, false));
    }

    static OpgateProperties.Polling polling(String initial, String max) {
        return new OpgateProperties.Polling(
                java.time.Duration.parse(initial),
                java.time.Duration.parse(max),
                java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(10),
                java.time.Duration.ofDays(7),
                3,
                java.time.Duration.ofMillis(100));
    }

    @Test
    void everyAdapterTypeIsFound() {
        assertThat(factories()).containsKeys("solidfire", "ontap", "huawei-cloudtest", "aliyun-bpstudio");
    }

    @Test
    void aValidConfigurationHasNoProblems() {
        List<BackendConfig> backends = List.of(BackendConfig.of(
                "ontap-prod",
                Map.of("type", "ontap", "base-url", "https://cluster1", "username", "u", "password", "p")));
        assertThat(SettingsValidator.problems(properties("none", polling("PT0.5S", "PT30S")), backends, factories()))
                .isEmpty();
    }

    @Test
    void everyMistakeIsNamedInOneGo() {
        List<BackendConfig> backends = List.of(
                BackendConfig.of("a", Map.of("type", "tape-robot", "base-url", "https://x")),
                BackendConfig.of("b", Map.of("type", "ontap", "username", "u", "password", "p")),
                BackendConfig.of("c", Map.of("base-url", "https://x")),
                BackendConfig.of(
                        "d", Map.of("type", "solidfire", "base-url", "ftp://x", "username", "u", "password", "p")));
        List<String> problems =
                SettingsValidator.problems(properties(null, polling("PT30S", "PT1S")), backends, factories());
        assertThat(problems)
                .anySatisfy(p -> assertThat(p)
                        .contains("opgate.backends.a.type 'tape-robot' is unknown")
                        .contains("ontap"))
                .anySatisfy(p -> assertThat(p).contains("opgate.backends.b.base-url"))
                .anySatisfy(p -> assertThat(p).contains("opgate.backends.c.type is required"))
                .anySatisfy(p -> assertThat(p).contains("opgate.backends.d.base-url"))
                .anySatisfy(p -> assertThat(p).contains("opgate.security.mode is not set"))
                .anySatisfy(p -> assertThat(p).contains("opgate.polling.max-interval"));
    }

    @Test
    void theGatewayRefusesToStartWithoutASecurityModeOrWithABadDuration() {
        assertThatThrownBy(() -> start(
                        "--opgate.backends.x.type=ontap",
                        "--opgate.backends.x.base-url=https://c",
                        "--opgate.backends.x.username=u",
                        "--opgate.backends.x.password=p"))
                .hasRootCauseInstanceOf(InvalidConfigurationException.class)
                .rootCause()
                .hasMessageContaining("opgate.security.mode is not set");
        assertThatThrownBy(() -> start(
                        "--opgate.security.mode=none",
                        "--opgate.polling.timeout=soon",
                        "--opgate.backends.x.type=ontap"))
                .hasStackTraceContaining("opgate.polling.timeout");
    }

    private static void start(String... args) {
        SpringApplication app = new SpringApplication(OpgateApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.run(args).close();
    }
}
