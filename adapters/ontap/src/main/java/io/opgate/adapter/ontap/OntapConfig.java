package io.opgate.adapter.ontap;

import io.opgate.adapter.support.BasicAuthSettings;
import io.opgate.adapter.support.SettingsView;
import io.opgate.contracts.spi.BackendConfig;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a NetApp ONTAP backend ({@code opgate.backends.<name>.*} with {@code type: ontap}).
 *
 * <ul>
 *   <li>{@code base-url} (required): the cluster management address, e.g. {@code https://cluster1.example.com}; the
 *       adapter adds {@code /api/cluster/jobs/...} (a trailing {@code /api} is tolerated).
 *   <li>{@code username}, {@code password} (required): an account with read access to jobs (and, to cancel, the
 *       right to modify them), sent with HTTP basic auth.
 * </ul>
 */
public interface OntapConfig extends BasicAuthSettings {

    /** The ONTAP view of {@code settings}. */
    static OntapConfig of(BackendConfig settings) {
        final class View extends SettingsView implements OntapConfig {
            View() {
                super(settings, "OntapConfig");
            }
        }
        return settings instanceof OntapConfig config ? config : new View();
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
