package io.opgate.gateway.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.spi.AdapterCapabilities;
import io.opgate.contracts.spi.BackendConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiscoverySettingsTest {

    private static BackendConfig config(Map<String, String> settings) {
        return BackendConfig.of("sf", settings);
    }

    @Test
    void defaultsAreOffEveryThirtySecondsAnHourBackForTheDefaultTenant() {
        DiscoverySettings s = DiscoverySettings.of(config(Map.of("type", "solidfire")));
        assertThat(s.enabled()).isFalse();
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.window()).isEqualTo(Duration.ofHours(1));
        assertThat(s.tenant()).isEqualTo("default");
        assertThat(s.labels()).isEmpty();
        assertThat(s.types()).isEmpty();
        assertThat(s.batchSizeFor(new AdapterCapabilities(false, true, true, 10_000)))
                .isEqualTo(10_000);
        assertThat(s.batchSizeFor(AdapterCapabilities.POLL_ONLY)).isEqualTo(1);
    }

    @Test
    void everyKeyIsRead() {
        DiscoverySettings s = DiscoverySettings.of(config(Map.of(
                "discovery.enabled", "true",
                "discovery.interval", "10s",
                "discovery.window", "15m",
                "discovery.tenant", "ops",
                "discovery.labels.source", "discovered",
                "discovery.labels.Team-Name", "storage",
                "discovery.types", "Clone,BulkVolume",
                "batch-size", "25")));
        assertThat(s.enabled()).isTrue();
        assertThat(s.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.window()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.tenant()).isEqualTo("ops");
        assertThat(s.labels()).isEqualTo(Map.of("source", "discovered", "Team-Name", "storage"));
        assertThat(s.types()).isEqualTo(Set.of("Clone", "BulkVolume"));
        assertThat(s.batchSizeFor(new AdapterCapabilities(false, true, true, 50)))
                .isEqualTo(25);
    }

    @Test
    void withSecurityOnTheTenantIsRequiredNamingTheKey() {
        Map<String, String> on = Map.of("discovery.enabled", "true");
        assertThat(DiscoverySettings.problems(config(on), true))
                .singleElement()
                .asString()
                .startsWith("opgate.backends.sf.discovery.tenant is required");
        assertThat(DiscoverySettings.problems(config(on), false)).isEmpty();
        assertThat(DiscoverySettings.problems(config(Map.of("discovery.enabled", "false")), true))
                .isEmpty();
    }

    /** One problem for each of {@code fragments}, each naming it, and no other. */
    private static void assertNamesEach(Map<String, String> settings, String... fragments) {
        List<String> problems = DiscoverySettings.problems(config(settings), false);
        assertThat(problems).hasSize(fragments.length);
        for (String fragment : fragments) {
            assertThat(problems).anySatisfy(p -> assertThat(p).contains(fragment));
        }
    }

    /** {@code settings} and labels {@code l<from>} up to {@code l<to - 1>}. */
    private static Map<String, String> withLabels(Map<String, String> settings, int from, int to) {
        Map<String, String> all = new HashMap<>(settings);
        for (int i = from; i < to; i++) {
            all.put("discovery.labels.l" + i, "x");
        }
        return all;
    }

    @Test
    void badValuesAreNamed() {
        assertNamesEach(
                Map.of(
                        "discovery.enabled", "yes",
                        "discovery.interval", "100ms",
                        "discovery.window", "soon",
                        "batch-size", "0"),
                "discovery.enabled",
                "discovery.interval must be at least 1s",
                "discovery.window is not a duration",
                "batch-size");
    }

    @Test
    void eachLimitIsInclusiveAndOneBeyondIsNamed() {
        assertNamesEach(withLabels(
                Map.of(
                        "discovery.interval",
                        "1s",
                        "discovery.tenant",
                        "t".repeat(128),
                        "discovery.labels." + "k".repeat(128),
                        "v".repeat(512)),
                1,
                64));
        assertNamesEach(
                withLabels(
                        Map.of(
                                "discovery.interval",
                                "999ms",
                                "discovery.tenant",
                                "t".repeat(129),
                                "discovery.labels." + "k".repeat(129),
                                "v",
                                "discovery.labels.long",
                                "v".repeat(513)),
                        0,
                        64),
                "discovery.interval must be at least 1s",
                "discovery.tenant must be at most 128 characters",
                "discovery.labels may hold at most 64 labels",
                "a label key has 1 to 128 characters",
                "discovery.labels.long: a label value has at most 512");
    }

    @Test
    void controlCharactersInTheTenantOrALabelAreNamed() {
        assertThat(DiscoverySettings.problems(
                        config(Map.of(
                                "discovery.tenant", "ops\n",
                                "discovery.labels.source", "line\u0007")),
                        false))
                .containsExactlyInAnyOrder(
                        "opgate.backends.sf.discovery.tenant must be at most 128 characters without control"
                                + " characters",
                        "opgate.backends.sf.discovery.labels.source: a label value has at most 512 characters");
    }
}
