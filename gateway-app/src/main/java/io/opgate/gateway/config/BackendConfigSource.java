package io.opgate.gateway.config;

import java.util.Map;

/**
 * Backends configured in code rather than in properties, such as the demo's simulated ones: each is bound and checked
 * as if it were given under {@code opgate.backends}.
 */
public interface BackendConfigSource {

    /** The backends by name, each with its keys as written under {@code opgate.backends.<name>} and their values. */
    Map<String, Map<String, String>> backends();
}
