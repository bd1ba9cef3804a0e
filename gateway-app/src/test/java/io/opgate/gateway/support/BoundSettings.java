package io.opgate.gateway.support;

import io.opgate.gateway.tracking.BackendSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** A backend's gateway settings as Spring binds them from {@code opgate.backends.<name>.*}: for tests. */
public final class BoundSettings {

    private BoundSettings() {}

    /** {@code settings} (keys as written under {@code opgate.backends.<name>}) bound, unchecked. */
    public static BackendSettings of(Map<String, String> settings) {
        Map<String, String> properties = new LinkedHashMap<>();
        settings.forEach((key, value) -> properties.put("backend." + key, value));
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("backend", BackendSettings.class);
    }
}
