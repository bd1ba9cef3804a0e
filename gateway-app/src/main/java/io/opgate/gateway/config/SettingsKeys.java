package io.opgate.gateway.config;

import io.opgate.contracts.spi.BackendAdapterFactory;
import io.opgate.gateway.tracking.BackendSettings;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every {@code opgate.*} key that some setting reads, as templates: {@code [*]} for a list index, a trailing {@code .*}
 * for a map of free keys (labels). They come from the settings records themselves and, for a backend's, from {@link
 * BackendSettings} and the keys every adapter factory declares, so that a key added there is known at once.
 */
final class SettingsKeys {

    /** Keys read with {@code @Value} rather than through a settings record. */
    static final Map<String, Duration> VALUE_DURATIONS =
            Map.of("opgate.metrics.operations-refresh", Duration.ofSeconds(15));

    private static final Pattern INDEX = Pattern.compile("\\[\\d+]");

    /** Template → the default of a duration key, or null for a key of another type. */
    private final Map<String, @Nullable String> global = new LinkedHashMap<>();

    /** The keys of {@code opgate.backends.<name>.*}, every type's, as templates after the name. */
    private final Set<String> backendKeys = new LinkedHashSet<>();

    SettingsKeys(List<SettingsExtension> extensions, Collection<BackendAdapterFactory> factories) {
        collect("opgate", OpgateProperties.class, global);
        collect("opgate.cors", CrossOriginProperties.class, global);
        collect("opgate.redis", RedisStoreProperties.class, global);
        extensions.forEach(extension -> collect(extension.prefix(), extension.settings(), global));
        VALUE_DURATIONS.forEach((key, fallback) -> global.put(key, fallback.toMillis() + "ms"));
        Map<String, @Nullable String> backend = new LinkedHashMap<>();
        collect("", BackendSettings.class, backend);
        backend.keySet().forEach(key -> backendKeys.add(key.substring(1)));
        factories.forEach(factory -> factory.settings().forEach(key -> backendKeys.add(key.name())));
    }

    /** The keys of {@code opgate.backends.<name>.*}, as templates ({@code tenants[*]}, {@code discovery.labels.*}). */
    Set<String> backendKeys() {
        return Set.copyOf(backendKeys);
    }

    /** Whether {@code key} (canonical form, e.g. {@code opgate.security.api-keys[0].sha256}) is a setting. */
    boolean known(String key) {
        // Boot binds relaxed (initialInterval, initial-interval and initialinterval are one key): compare without
        // dashes, after the map keys (a backend's name, a label) are set apart.
        String template = template(key);
        String backendKey = backendKey(template);
        if (backendKey != null) {
            return matches(backendKeys, backendKey);
        }
        return matches(global.keySet(), template);
    }

    /** The valid key nearest to an unknown one, for "did you mean". */
    String nearest(String key) {
        String template = template(key);
        List<String> candidates = new ArrayList<>();
        String backendKey = backendKey(template);
        String prefix = "";
        if (backendKey != null) {
            prefix = key.substring(0, key.length() - backendKey.length());
            candidates.addAll(backendKeys);
            template = backendKey;
        } else {
            candidates.addAll(global.keySet());
        }
        String best = candidates.get(0);
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(template, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return prefix + best.replace("[*]", "[0]").replace(".*", ".<key>");
    }

    /** Duration keys with their defaults (templates without indexes: none of them is in a list). */
    Map<String, String> durations() {
        Map<String, String> durations = new LinkedHashMap<>();
        global.forEach((key, fallback) -> {
            if (fallback != null) {
                durations.put(key, fallback);
            }
        });
        return durations;
    }

    static String template(String key) {
        return INDEX.matcher(key).replaceAll("[*]");
    }

    /** The part after {@code opgate.backends.<name>.}, or null when {@code template} is not a backend's key. */
    private static @Nullable String backendKey(String template) {
        if (!template.startsWith("opgate.backends.")) {
            return null;
        }
        String rest = template.substring("opgate.backends.".length());
        int dot = rest.indexOf('.');
        return dot < 1 || dot == rest.length() - 1 ? "" : rest.substring(dot + 1);
    }

    private static boolean matches(Collection<String> templates, String key) {
        String relaxed = key.replace("-", "");
        return templates.stream().anyMatch(t -> {
            String known = t.replace("-", "");
            return known.equals(relaxed)
                    || (known.endsWith(".*") && relaxed.startsWith(known.substring(0, known.length() - 1)));
        });
    }

    private static void collect(String prefix, Class<?> type, Map<String, @Nullable String> keys) {
        for (RecordComponent component : type.getRecordComponents()) {
            String key = prefix + "." + kebab(component.getName());
            add(key, component.getGenericType(), component.getAnnotation(DefaultValue.class), keys);
        }
    }

    private static void add(
            String key, Type type, @Nullable DefaultValue fallback, Map<String, @Nullable String> keys) {
        Class<?> raw = raw(type);
        if (raw.isRecord()) {
            collect(key, raw, keys);
        } else if (Collection.class.isAssignableFrom(raw)) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            if (raw(element).isRecord()) {
                collect(key + "[*]", raw(element), keys);
            } else {
                keys.put(key, null);
                keys.put(key + "[*]", null);
            }
        } else if (Map.class.isAssignableFrom(raw)) {
            keys.put(key + ".*", null);
        } else if (raw == Duration.class) {
            keys.put(key, fallback == null || fallback.value().length == 0 ? "" : fallback.value()[0]);
        } else {
            keys.put(key, null);
        }
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
