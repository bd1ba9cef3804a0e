package io.opgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class SettingsCheckTest {

    static final Map<String, Object> VALID = Map.ofEntries(
            Map.entry("opgate.security.mode", "api-key"),
            Map.entry("opgate.security.api-keys[0].sha256", "a".repeat(64)),
            Map.entry("opgate.security.api-keys[0].tenant", "team-a"),
            Map.entry("opgate.security.api-keys[0].roles[0]", "read"),
            Map.entry("opgate.security.stream-token-keys[0]", "k".repeat(40)),
            Map.entry("opgate.polling.timeout", "5s"),
            Map.entry("opgate.cors.allowed-origins[0]", "https://ops.example.com"),
            Map.entry("opgate.redis.lease", "30s"),
            Map.entry("opgate.metrics.operations-refresh", "10s"),
            Map.entry("opgate.history.max-entries", "20"),
            Map.entry("opgate.backends.ontap-prod.type", "ontap"),
            Map.entry("opgate.backends.ontap-prod.base-url", "https://cluster.example.com"),
            Map.entry("opgate.backends.ontap-prod.username", "admin"),
            Map.entry("opgate.backends.ontap-prod.password", "secret"),
            Map.entry("opgate.backends.ontap-prod.tenants[0]", "team-a"));

    static List<String> problems(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
        return SettingsCheck.problems(environment);
    }

    static Map<String, Object> validWith(Object... keysAndValues) {
        Map<String, Object> settings = new LinkedHashMap<>(VALID);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            settings.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return settings;
    }

    @Test
    void aValidConfigurationHasNoProblem() {
        assertThat(problems(VALID)).isEmpty();
    }

    @Test
    void anUnknownKeyIsRefusedNamingTheNearestValidOne() {
        assertThat(problems(validWith("opgate.polling.timout", "5s")))
                .containsExactly("opgate.polling.timout is not a setting; did you mean opgate.polling.timeout?");
        assertThat(problems(validWith("opgate.backends.ontap-prod.pasword", "x")))
                .containsExactly("opgate.backends.ontap-prod.pasword is not a setting; did you mean "
                        + "opgate.backends.ontap-prod.password?");
        assertThat(problems(validWith("opgate.security.api-keys[0].tennant", "t")))
                .containsExactly("opgate.security.api-keys[0].tennant is not a setting; did you mean "
                        + "opgate.security.api-keys[0].tenant?");
    }

    @Test
    void everyProblemIsReportedTogetherABadDurationHidingNone() {
        List<String> problems = problems(validWith(
                "opgate.polling.timeout", "5 seconds",
                "opgate.retention", "forever",
                "opgate.store", "mongo",
                "opgate.polling.timout", "5s"));
        assertThat(problems).hasSize(4).anySatisfy(p -> assertThat(p).startsWith("opgate.store must be one of"));
        assertThat(problems)
                .contains(
                        "opgate.polling.timout is not a setting; did you mean opgate.polling.timeout?",
                        "opgate.polling.timeout must be a duration such as 500ms, 30s, 5m, 24h or 7d (or ISO-8601,"
                                + " PT30S), was '5 seconds'",
                        "opgate.retention must be a duration such as 500ms, 30s, 5m, 24h or 7d (or ISO-8601, PT30S),"
                                + " was 'forever'");
    }
}
