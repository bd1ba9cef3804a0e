package io.opgate.gateway.tracking;

import io.opgate.contracts.spi.AdapterCapabilities;
import io.opgate.contracts.spi.BackendConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.convert.DurationStyle;

/**
 * How one backend's jobs are discovered and polled together, from {@code opgate.backends.<name>.*}.
 *
 * @param enabled {@code discovery.enabled}: list the backend's jobs and track those nobody registered
 * @param interval {@code discovery.interval}: how often the jobs are listed, by one replica at a time
 * @param window {@code discovery.window}: how far back ended jobs are taken
 * @param tenant {@code discovery.tenant}: the owner of discovered operations
 * @param labels {@code discovery.labels.*}: added to each discovered operation
 * @param types {@code discovery.types}: only jobs of these types (the normalized {@code type}); empty for all
 * @param batchSize {@code batch-size}: operations per poll-many request, null for the adapter's default
 */
public record DiscoverySettings(
        boolean enabled,
        Duration interval,
        Duration window,
        String tenant,
        Map<String, String> labels,
        Set<String> types,
        @org.jspecify.annotations.Nullable Integer batchSize) {

    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    /** The tenant of everything when security is off. */
    public static final String DEFAULT_TENANT = io.opgate.gateway.security.Caller.DEFAULT_TENANT;

    private static final int MAX_LABELS = 64;
    private static final int MAX_LABEL_KEY = 128;
    private static final int MAX_LABEL_VALUE = 512;

    public DiscoverySettings {
        labels = Map.copyOf(labels);
        types = Set.copyOf(types);
    }

    /** The settings of {@code config}; call {@link #problems} first, invalid values fall back to the defaults. */
    public static DiscoverySettings of(BackendConfig config) {
        boolean valid = problems(config, false).isEmpty();
        String tenant = config.get("discovery.tenant");
        String batch = config.get("batch-size");
        return new DiscoverySettings(
                valid && config.booleanValue("discovery.enabled", false),
                valid ? duration(config.get("discovery.interval"), DEFAULT_INTERVAL) : DEFAULT_INTERVAL,
                valid ? duration(config.get("discovery.window"), DEFAULT_WINDOW) : DEFAULT_WINDOW,
                tenant == null ? DEFAULT_TENANT : tenant.trim(),
                valid ? config.under("discovery.labels") : Map.of(),
                types(config.get("discovery.types")),
                valid && batch != null ? Integer.valueOf(batch.trim()) : null);
    }

    /** How many operations go into one poll-many request on a backend whose adapter declares {@code capabilities}. */
    public int batchSizeFor(AdapterCapabilities capabilities) {
        if (!capabilities.pollMany()) {
            return 1;
        }
        return batchSize == null ? capabilities.batchSize() : batchSize;
    }

    /**
     * What is wrong with these keys of {@code config}, each a sentence naming the key. With {@code securityOn},
     * discovered operations need an explicit owner.
     */
    public static List<String> problems(BackendConfig config, boolean securityOn) {
        List<String> problems = new ArrayList<>();
        String prefix = "opgate.backends." + config.name() + ".";
        String enabled = config.get("discovery.enabled");
        if (enabled != null && !enabled.trim().matches("(?i)true|false")) {
            problems.add(prefix + "discovery.enabled must be true or false, was '" + enabled + "'");
        }
        for (String key : List.of("discovery.interval", "discovery.window")) {
            String value = config.get(key);
            if (value == null) {
                continue;
            }
            try {
                Duration d = duration(value, DEFAULT_INTERVAL);
                if (key.equals("discovery.interval") && d.compareTo(MIN_INTERVAL) < 0) {
                    problems.add(prefix + key + " must be at least 1s, was '" + value + "'");
                } else if (d.isNegative() || d.isZero()) {
                    problems.add(prefix + key + " must be a positive duration, was '" + value + "'");
                }
            } catch (IllegalArgumentException e) {
                problems.add(prefix + key + " is not a duration (e.g. 30s): '" + value + "'");
            }
        }
        String tenant = config.get("discovery.tenant");
        boolean on = enabled != null && enabled.trim().equalsIgnoreCase("true");
        if (on && securityOn && tenant == null) {
            problems.add(prefix + "discovery.tenant is required when opgate.security.mode is not none: it names the"
                    + " tenant that owns the discovered operations");
        }
        if (tenant != null && (tenant.trim().length() > 128 || hasControl(tenant))) {
            problems.add(prefix + "discovery.tenant must be at most 128 characters without control characters");
        }
        Map<String, String> labels = config.under("discovery.labels");
        if (labels.size() > MAX_LABELS) {
            problems.add(prefix + "discovery.labels may hold at most " + MAX_LABELS + " labels");
        }
        labels.forEach((key, value) -> {
            if (key.isEmpty() || key.length() > MAX_LABEL_KEY || hasControl(key)) {
                problems.add(prefix + "discovery.labels." + key + ": a label key has 1 to 128 characters");
            }
            if (value.length() > MAX_LABEL_VALUE || hasControl(value)) {
                problems.add(prefix + "discovery.labels." + key + ": a label value has at most 512 characters");
            }
        });
        String batch = config.get("batch-size");
        if (batch != null && !batch.trim().matches("[1-9][0-9]{0,5}")) {
            problems.add(prefix + "batch-size must be a whole number from 1 to 999999, was '" + batch + "'");
        }
        return problems;
    }

    private static Set<String> types(@org.jspecify.annotations.Nullable String value) {
        Set<String> types = new LinkedHashSet<>();
        if (value != null) {
            for (String t : value.split(",")) {
                if (!t.isBlank()) {
                    types.add(t.trim());
                }
            }
        }
        return types;
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    private static Duration duration(@org.jspecify.annotations.Nullable String value, Duration fallback) {
        return value == null
                ? fallback
                : DurationStyle.detectAndParse(value.trim().toLowerCase(Locale.ROOT));
    }
}
