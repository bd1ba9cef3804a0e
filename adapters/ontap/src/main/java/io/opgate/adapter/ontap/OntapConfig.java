package io.opgate.adapter.ontap;

import io.opgate.adapter.support.BasicAuthSettings;
import io.opgate.adapter.support.SettingsView;
import io.opgate.contracts.spi.BackendConfig;
import io.opgate.contracts.spi.SettingKey;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a NetApp ONTAP backend ({@code opgate.backends.<name>.*} with {@code type: ontap}): {@link #KEYS}.
 */
public interface OntapConfig extends BasicAuthSettings {

    List<SettingKey> KEYS = BasicAuthSettings.withBasicAuth(SettingKey.of(
                    "base-url",
                    SettingKey.Form.URL,
                    "The cluster management address, e.g. https://cluster1.example.com; the adapter adds"
                            + " /api/cluster/jobs/... (a trailing /api is tolerated). The account needs read access"
                            + " to jobs, and to cancel, the right to modify them.")
            .asRequired());

    /** The ONTAP view of {@code settings}. */
    static OntapConfig of(BackendConfig settings) {
        return SettingsView.of(OntapConfig.class, settings);
    }

    @Override
    default List<SettingKey> keys() {
        return KEYS;
    }

    /** The cluster address without a trailing {@code /api}; null when not configured. */
    default @Nullable String clusterUrl() {
        String url = baseUrl();
        if (url == null) {
            return null;
        }
        return url.endsWith("/api") ? url.substring(0, url.length() - "/api".length()) : url;
    }
}
