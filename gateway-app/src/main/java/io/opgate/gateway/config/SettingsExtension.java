package io.opgate.gateway.config;

import org.springframework.core.env.Environment;

/**
 * The settings of a module built on the gateway (the demo), found with {@link java.util.ServiceLoader}: {@link
 * SettingsCheck} runs before the application context exists, so this is how it learns their keys and whether they
 * configure backends in code (a {@link BackendConfigSource}) rather than under {@code opgate.backends}.
 */
public interface SettingsExtension {

    /** Where the settings record is bound, e.g. {@code opgate.demo}. */
    String prefix();

    /** The settings record bound under {@link #prefix()}. */
    Class<? extends Record> settings();

    /** Whether, with these settings, the module configures backends itself. */
    boolean configuresBackends(Environment environment);
}
