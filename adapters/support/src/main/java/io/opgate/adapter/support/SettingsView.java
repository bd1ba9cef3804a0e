package io.opgate.adapter.support;

import io.opgate.contracts.spi.BackendConfig;
import org.jspecify.annotations.Nullable;

/**
 * Reads the settings it wraps: the base of every adapter's view of its settings, whose interface adds the typed
 * reads and the validation ({@code OntapConfig.of} is {@code new View(settings)} with a local {@code View} that
 * extends this and implements {@code OntapConfig}).
 */
public abstract class SettingsView implements BackendConfig {

    private final BackendConfig settings;
    private final String label;

    /** @param label what {@link #toString()} calls the view, e.g. {@code OntapConfig} */
    protected SettingsView(BackendConfig settings, String label) {
        this.settings = settings;
        this.label = label;
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public @Nullable String get(String key) {
        return settings.get(key);
    }

    /** The view's name and the backend's; never a setting's value (a secret among them would be logged). */
    @Override
    public String toString() {
        return label + "[" + settings.name() + "]";
    }
}
