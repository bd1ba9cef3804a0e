package io.opgate.gateway.config;

import io.opgate.gateway.tracking.BackendSettings;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.Name;

/**
 * What the configuration metadata says of {@code opgate.backends}, for Spring's configuration processor alone: the
 * class is abstract so that {@code @ConfigurationPropertiesScan}, which takes concrete classes only, never binds it;
 * {@link ConfiguredBackends} binds the backends.
 *
 * <p>IDEs complete and check a backend's keys through the map's value type. Boot's metadata format has no name for a
 * key below a map entry, so every key is also listed under {@code opgate.backends.*}, {@code *} standing for the
 * backend's name; each adapter's jar lists its own keys the same way.
 */
@ConfigurationProperties("opgate")
abstract class BackendsMetadata {

    /**
     * The backends to poll, by name (1 to 63 letters, digits, '.', '_' or '-'); each also has the keys of its type's
     * adapter.
     */
    private final Map<String, BackendSettings> backends = Map.of();

    @Name("backends.*")
    @NestedConfigurationProperty
    private final BackendSettings anyBackend = BackendSettings.defaults();

    public Map<String, BackendSettings> getBackends() {
        return backends;
    }

    public BackendSettings getAnyBackend() {
        return anyBackend;
    }
}
