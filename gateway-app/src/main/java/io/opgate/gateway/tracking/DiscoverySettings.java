package io.opgate.gateway.tracking;

import io.opgate.contracts.spi.AdapterCapabilities;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * How one backend's jobs are discovered and polled together, from its {@link BackendSettings}.
 *
 * @param enabled {@code discovery.enabled}: list the backend's jobs and track those nobody registered
 * @param interval {@code discovery.interval}: how often the jobs are listed, by one replica at a time
 * @param window {@code discovery.window}: how far back ended jobs are taken
 * @param tenant {@code discovery.tenant}: the owner of discovered operations
 * @param labels {@code discovery.labels.*}: added to each discovered operation
 * @param types {@code discovery.types}: only jobs of these types (the normalized {@code type}); empty for all
 * @param batchSize {@code batch-size}: operations per poll-many request, null for the adapter's default
 */
public record DiscoverySettings(
        boolean enabled,
        Duration interval,
        Duration window,
        String tenant,
        Map<String, String> labels,
        Set<String> types,
        @org.jspecify.annotations.Nullable Integer batchSize) {

    /** The tenant of everything when security is off. */
    public static final String DEFAULT_TENANT = io.opgate.gateway.security.Caller.DEFAULT_TENANT;

    public DiscoverySettings {
        labels = Map.copyOf(labels);
        types = Set.copyOf(types);
    }

    /** The discovery and batching among {@code settings}. */
    public static DiscoverySettings of(BackendSettings settings) {
        BackendSettings.Discovery discovery = settings.discovery();
        return new DiscoverySettings(
                discovery.enabled(),
                discovery.interval(),
                discovery.window(),
                discovery.tenant() == null ? DEFAULT_TENANT : discovery.tenant(),
                discovery.labels(),
                discovery.types(),
                settings.batchSize());
    }

    /** How many operations go into one poll-many request on a backend whose adapter declares {@code capabilities}. */
    public int batchSizeFor(AdapterCapabilities capabilities) {
        if (!capabilities.pollMany()) {
            return 1;
        }
        return batchSize == null ? capabilities.batchSize() : batchSize;
    }
}
