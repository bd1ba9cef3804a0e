package io.opgate.adapter.ontap;

import io.opgate.contracts.spi.BackendConfig;
import io.opgate.contracts.spi.Secret;
import java.util.ArrayList;
import java.util.List;
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
public interface OntapConfig extends BackendConfig {

    /** The ONTAP view of {@code settings}. */
    static OntapConfig of(BackendConfig settings) {
        if (settings instanceof OntapConfig config) {
            return config;
        }
        return new OntapConfig() {
            @Override
            public String name() {
                return settings.name();
            }

            @Override
            public @Nullable String get(String key) {
                return settings.get(key);
            }

            @Override
            public String toString() {
                return "OntapConfig[" + settings.name() + "]";
            }
        };
    }

    /** The cluster address without a trailing {@code /api}; null when not configured. */
    default @Nullable String clusterUrl() {
        String url = baseUrl();
        if (url == null) {
            return null;
        }
        return url.endsWith("/api") ? url.substring(0, url.length() - "/api".length()) : url;
    }

    /** The account name for HTTP basic auth; empty when not configured. */
    default String username() {
        String username = get("username");
        return username == null ? "" : username;
    }

    /** The account's password; null when not configured. */
    default @Nullable Secret password() {
        return secret("password");
    }

    @Override
    default List<String> validate() {
        List<String> problems = new ArrayList<>(BackendConfig.super.validate());
        require("base-url", problems);
        require("username", problems);
        require("password", problems);
        return problems;
    }
}
