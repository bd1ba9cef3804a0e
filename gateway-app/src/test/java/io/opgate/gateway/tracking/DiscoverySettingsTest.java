package io.opgate.gateway.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.spi.AdapterCapabilities;
import io.opgate.gateway.support.BoundSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiscoverySettingsTest {

    private static BackendSettings config(Map<String, String> settings) {
        return BoundSettings.of(settings);
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

    /** The problems across keys and in the free label keys, as {@link BackendSettings#problems} names them. */
    private static List<String> problems(Map<String, String> settings) {
        return config(settings).problems("opgate.backends.sf.", false);
    }

    @Test
    void aLabelKeyOfUpTo128AndAValueOfUpTo512CharactersPassOneMoreIsNamed() {
        assertThat(problems(Map.of("discovery.labels." + "k".repeat(128), "v".repeat(512))))
                .isEmpty();
        assertThat(problems(
                        Map.of("discovery.labels." + "k".repeat(129), "v", "discovery.labels.long", "v".repeat(513))))
                .containsExactlyInAnyOrder(
                        "opgate.backends.sf.discovery.labels." + "k".repeat(129)
                                + ": a label key has 1 to 128 characters",
                        "opgate.backends.sf.discovery.labels.long: a label value has at most 512 characters");
    }

    @Test
    void controlCharactersInTheTenantOrALabelAreNamed() {
        assertThat(problems(Map.of("discovery.tenant", "o\u0001ps", "discovery.labels.source", "line\u0007")))
                .containsExactlyInAnyOrder(
                        "opgate.backends.sf.discovery.tenant must be at most 128 characters without control"
                                + " characters",
                        "opgate.backends.sf.discovery.labels.source: a label value has at most 512 characters");
    }
}
