package io.opgate.gateway.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Folds list settings back into one value. Spring Boot binds a YAML list under a {@code Map<String, String>} as
 * numbered keys ({@code tenants.0}, {@code tenants.1}; {@code tenants[0]} in some property sources); a backend's settings read a list as one comma-separated
 * value ({@code tenants: a,b}, which is also how an environment variable gives it).
 */
final class IndexedKeys {

    private static final Pattern INDEXED = Pattern.compile("(.+?)(?:\\[(\\d{1,6})]|\\.(\\d{1,6}))");

    private IndexedKeys() {}

    static Map<String, String> fold(Map<String, String> settings) {
        Map<String, String> folded = new LinkedHashMap<>();
        Map<String, TreeMap<Integer, String>> lists = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            Matcher indexed = INDEXED.matcher(key);
            if (indexed.matches()) {
                lists.computeIfAbsent(indexed.group(1), k -> new TreeMap<>())
                        .put(Integer.parseInt(indexed.group(2) != null ? indexed.group(2) : indexed.group(3)), value);
            } else {
                folded.put(key, value);
            }
        });
        lists.forEach((key, items) -> {
            List<String> values = new ArrayList<>(items.values());
            folded.merge(key, String.join(",", values), (single, list) -> single + "," + list);
        });
        return folded;
    }
}
