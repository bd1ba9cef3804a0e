package io.opgate.contracts.spi;

import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The settings of one configured backend ({@code opgate.backends.<name>.*}), testable without Spring.
 *
 * <p>Keys are looked up relaxed, as Spring Boot binds them: {@code base-url}, {@code baseUrl} and {@code BASEURL}
 * are the same key; nested keys use dots ({@code iam.url}). Adapters define their own view as an interface that
 * extends this one with {@code default} methods, and add their checks to {@link #validate()}.
 */
public interface BackendConfig {

    /** The configured name of the backend, e.g. {@code ontap-prod}. */
    String name();

    /** The value of a key, or null when absent or blank. */
    @Nullable
    String get(String key);

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

    /** Polls in flight to this backend at once. */
    default int maxConcurrency() {
        return intValue("max-concurrency", 8);
    }

    /** The tenants allowed to register operations on this backend; empty means every tenant. */
    default Set<String> tenants() {
        return list("tenants");
    }

    /**
     * The entries nested under {@code prefix} (e.g. {@code discovery.labels}), keyed by the rest of their key as it
     * was written, not relaxed: they name things of the user's, such as labels. Empty when there are none, and for
     * settings that cannot list their keys (the default).
     */
    default Map<String, String> under(String prefix) {
        return Map.of();
    }

    /**
     * The keys a registration may give in {@code params} ({@code allowed-params}): they reach the backend's scope
     * (Huawei's {@code projectUuid}, Alibaba's {@code resourceGroupId}), so none is allowed unless listed.
     */
    default Set<String> allowedParams() {
        return list("allowed-params");
    }

    /**
     * Whether two tenants may track the same handle, each as an operation of its own ({@code shared-handles},
     * default false: a handle belongs to the first tenant that tracks it).
     */
    default boolean sharedHandles() {
        return booleanValue("shared-handles", false);
    }

    /** A list setting (folded into one comma-separated value), without blanks; empty when absent. */
    private Set<String> list(String key) {
        String value = get(key);
        if (value == null) {
            return Set.of();
        }
        Set<String> items = new LinkedHashSet<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return Set.copyOf(items);
    }

    default @Nullable Secret secret(String key) {
        String value = get(key);
        return value == null ? null : Secret.of(value);
    }

    default boolean booleanValue(String key, boolean fallback) {
        String value = get(key);
        return value == null ? fallback : Boolean.parseBoolean(value.trim());
    }

    default int intValue(String key, int fallback) {
        String value = get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    default ZoneId zone(String key, ZoneId fallback) {
        String value = get(key);
        return value == null ? fallback : ZoneId.of(value.trim());
    }

    /**
     * The problems with these settings, each a sentence that names the key; empty when valid. Adapter configs
     * override this, adding their own checks to {@code BackendConfig.super.validate()}.
     */
    default List<String> validate() {
        List<String> problems = new ArrayList<>();
        String prefix = "opgate.backends." + name() + ".";
        String url = get("base-url");
        if (url != null) {
            checkUrl(prefix + "base-url", url, problems);
        }
        String shared = get("shared-handles");
        if (shared != null
                && !shared.trim().equalsIgnoreCase("true")
                && !shared.trim().equalsIgnoreCase("false")) {
            problems.add(prefix + "shared-handles must be true or false, was '" + shared + "'");
        }
        String concurrency = get("max-concurrency");
        if (concurrency != null) {
            try {
                if (Integer.parseInt(concurrency.trim()) < 1) {
                    problems.add(prefix + "max-concurrency must be at least 1, was " + concurrency);
                }
            } catch (NumberFormatException e) {
                problems.add(prefix + "max-concurrency must be a whole number, was '" + concurrency + "'");
            }
        }
        return problems;
    }

    /** Adds a problem when {@code key} is absent. */
    default void require(String key, List<String> problems) {
        if (get(key) == null) {
            problems.add("opgate.backends." + name() + "." + key + " is required for type " + type());
        }
    }

    /** Adds a problem when {@code key} is present but not a time zone id. */
    default void checkZone(String key, List<String> problems) {
        String value = get(key);
        if (value != null) {
            try {
                ZoneId.of(value.trim());
            } catch (DateTimeException e) {
                problems.add("opgate.backends." + name() + "." + key + " is not a time zone id: '" + value + "'");
            }
        }
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

    /** Settings from a map of keys to values, keys given in any relaxed form. */
    static BackendConfig of(String name, Map<String, String> settings) {
        Map<String, String> normalized = new LinkedHashMap<>();
        settings.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                normalized.put(normalize(k), v);
            }
        });
        BackendConfig lookup = of(name, key -> normalized.get(normalize(key)));
        return new BackendConfig() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public @Nullable String get(String key) {
                return lookup.get(key);
            }

            @Override
            public Map<String, String> under(String prefix) {
                int depth = prefix.split("\\.").length;
                String wanted = normalize(prefix);
                Map<String, String> entries = new LinkedHashMap<>();
                settings.forEach((k, v) -> {
                    String[] parts = k.split("\\.", depth + 1);
                    if (v != null
                            && !v.isBlank()
                            && parts.length == depth + 1
                            && normalize(String.join(".", Arrays.copyOf(parts, depth)))
                                    .equals(wanted)) {
                        entries.put(parts[depth], v);
                    }
                });
                return Map.copyOf(entries);
            }

            @Override
            public String toString() {
                return "BackendConfig[" + name + "]";
            }
        };
    }

    /** Settings read through a lookup function, which is given keys in normalized form. */
    static BackendConfig of(String name, Function<String, @Nullable String> lookup) {
        return new BackendConfig() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public @Nullable String get(String key) {
                return lookup.apply(normalize(key));
            }

            @Override
            public String toString() {
                return "BackendConfig[" + name + "]";
            }
        };
    }

    /** The relaxed form of a key: lower case, without dashes or underscores, dots kept. */
    static String normalize(String key) {
        StringBuilder out = new StringBuilder(key.length());
        for (String part : Arrays.asList(key.split("\\."))) {
            if (out.length() > 0) {
                out.append('.');
            }
            out.append(part.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }
}
