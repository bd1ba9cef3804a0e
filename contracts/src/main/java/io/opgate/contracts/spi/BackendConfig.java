package io.opgate.contracts.spi;

import java.net.URI;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The settings an adapter reads of one configured backend ({@code opgate.backends.<name>.*}), testable without
 * Spring.
 *
 * <p>Keys are asked for as written in YAML ({@code base-url}, {@code iam.url}): the gateway has already bound the
 * relaxed forms ({@code baseUrl}, {@code OPGATE_BACKENDS_X_BASEURL}) onto them, for the keys the adapter declares in
 * {@link #keys()}. Adapters define their own view as an interface that extends this one with {@code default}
 * methods, declare its keys, and add checks that span keys to {@link #validate()}. The keys the gateway reads itself
 * ({@code max-concurrency}, {@code tenants}, {@code discovery.*} and the like) are not seen here.
 */
public interface BackendConfig {

    /** The configured name of the backend, e.g. {@code ontap-prod}. */
    String name();

    /** The value of a key, or null when absent or blank. */
    @Nullable
    String get(String key);

    /** The backend type, lower case, e.g. {@code ontap}; empty when none is given. */
    default String type() {
        String type = get("type");
        return type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
    }

    /** The base URL, without a trailing slash; null when absent. */
    default @Nullable String baseUrl() {
        String url = get("base-url");
        if (url == null) {
            return null;
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The base URL, or {@code fallback} when none is configured. */
    default String baseUrlOr(String fallback) {
        String url = baseUrl();
        return url == null ? fallback : url;
    }

    default @Nullable Secret secret(String key) {
        String value = get(key);
        return value == null ? null : Secret.of(value);
    }

    default boolean booleanValue(String key, boolean fallback) {
        String value = get(key);
        return value == null ? fallback : Boolean.parseBoolean(value.trim());
    }

    default ZoneId zone(String key, ZoneId fallback) {
        String value = get(key);
        return value == null ? fallback : ZoneId.of(value.trim());
    }

    /** The keys this view reads, each with its form; none unless a view declares them. */
    default List<SettingKey> keys() {
        return List.of();
    }

    /**
     * The problems with these settings, each a sentence that names the key; empty when valid. By default the
     * {@link #keys()} checked one by one (given when required, of their form); views add the checks that span keys.
     */
    default List<String> validate() {
        return SettingKey.problems(this, keys());
    }

    static void checkUrl(String key, String url, List<String> problems) {
        try {
            URI uri = URI.create(url.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                problems.add(key + " must be an absolute http or https URL, was '" + url + "'");
            }
        } catch (IllegalArgumentException e) {
            problems.add(key + " is not a URL: '" + url + "'");
        }
    }

    /** Settings from a map of keys, as written in YAML, to values; blank values are no setting. */
    static BackendConfig of(String name, Map<String, String> settings) {
        Map<String, String> values = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            if (value != null && !value.isBlank()) {
                values.put(key, value);
            }
        });
        return new BackendConfig() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public @Nullable String get(String key) {
                return values.get(key);
            }

            @Override
            public String toString() {
                return "BackendConfig[" + name + "]";
            }
        };
    }
}
