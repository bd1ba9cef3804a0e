package io.opgate.contracts.spi;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One key an adapter reads under {@code opgate.backends.<name>}, declared in its settings view ({@link
 * BackendConfig#keys()}) and through it by its factory ({@link BackendAdapterFactory#settings()}). The declaration is
 * what the gateway knows of the key: a key that no factory and no gateway setting declares stops the start, naming
 * the nearest one; and a value not of the key's {@link Form} is a problem found before any adapter exists. The
 * adapter's jar documents the key in its {@code META-INF/spring-configuration-metadata.json} ({@code iam.url} as
 * {@code opgate.backends.*.iam.url}, since Boot's metadata format has no name for a key below a map entry) with the
 * type of its form, its default and its description; a gateway test holds every entry to the declaration.
 *
 * @param name the key as written in YAML: kebab-case, nested with dots (e.g. {@code iam.url})
 * @param form what a value must look like
 * @param required whether every backend of the type must give it
 * @param defaultValue what the adapter uses when the key is absent, null when it uses nothing
 * @param description one sentence for the documentation
 */
public record SettingKey(String name, Form form, boolean required, @Nullable String defaultValue, String description) {

    /** What a value must look like. */
    public enum Form {
        TEXT,
        /** Text that is never logged nor shown (a password, a token). */
        SECRET,
        /** {@code true} or {@code false}, in any case. */
        FLAG,
        /** An absolute http or https URL. */
        URL,
        /** A time zone id such as {@code UTC} or {@code Asia/Shanghai}. */
        ZONE
    }

    /** An optional key. */
    public static SettingKey of(String name, Form form, String description) {
        return new SettingKey(name, form, false, null, description);
    }

    /** This key, required. */
    public SettingKey asRequired() {
        return new SettingKey(name, form, true, null, description);
    }

    /** This key, with the value the adapter uses when it is absent. */
    public SettingKey orElse(String fallback) {
        return new SettingKey(name, form, false, fallback, description);
    }

    /** What is wrong with the given {@code keys} of {@code config}, each a sentence naming the key; empty when none. */
    public static List<String> problems(BackendConfig config, List<SettingKey> keys) {
        List<String> problems = new ArrayList<>();
        for (SettingKey key : keys) {
            String problem = key.problem(config);
            if (problem != null) {
                problems.add(problem);
            }
        }
        return problems;
    }

    private @Nullable String problem(BackendConfig config) {
        String key = "opgate.backends." + config.name() + "." + name;
        String value = config.get(name);
        if (value == null) {
            return required ? key + " is required for type " + config.type() : null;
        }
        return switch (form) {
            case TEXT, SECRET -> null;
            case FLAG ->
                value.trim().toLowerCase(Locale.ROOT).matches("true|false")
                        ? null
                        : key + " must be true or false, was '" + value + "'";
            case URL -> {
                List<String> problems = new ArrayList<>(1);
                BackendConfig.checkUrl(key, value, problems);
                yield problems.isEmpty() ? null : problems.get(0);
            }
            case ZONE -> {
                try {
                    ZoneId.of(value.trim());
                    yield null;
                } catch (DateTimeException e) {
                    yield key + " is not a time zone id: '" + value + "'";
                }
            }
        };
    }
}
