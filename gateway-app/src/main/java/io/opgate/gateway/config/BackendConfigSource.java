package io.opgate.gateway.config;

import io.opgate.contracts.spi.BackendConfig;
import java.util.List;

/** Backends configured in code rather than in properties, such as the demo's simulated ones. */
public interface BackendConfigSource {

    List<BackendConfig> backends();
}
