package io.opgate.gateway.config;

import io.opgate.contracts.spi.BackendAdapterFactory;
import io.opgate.contracts.spi.BackendConfig;
import io.opgate.contracts.spi.SettingKey;
import io.opgate.gateway.tracking.BackendSettings;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The backends to poll, bound and checked in this one place: each {@code opgate.backends.<name>} into the gateway's
 * {@link BackendSettings} and into the keys its adapter's factory declares, every problem named with its full key.
 * {@link SettingsCheck} binds those of the properties before the context starts; {@link BackendsConfiguration} adds
 * those of {@link BackendConfigSource}s (which exist only as beans) through {@link #with}, the same way.
 */
final class ConfiguredBackends {

    static final String PREFIX = "opgate.backends";
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9_.-]{0,62}";

    /**
     * One backend that passed its checks.
     *
     * @param adapterSettings the keys that its factory declares, and {@code type}
     */
    record Configured(
            String name, BackendSettings settings, BackendConfig adapterSettings, BackendAdapterFactory factory) {}

    private final List<Configured> backends;
    private final List<String> problems;
    private final Map<String, BackendAdapterFactory> factories;
    private final boolean securityOn;

    private ConfiguredBackends(
            List<Configured> backends,
            List<String> problems,
            Map<String, BackendAdapterFactory> factories,
            boolean securityOn) {
        this.backends = List.copyOf(backends);
        this.problems = List.copyOf(problems);
        this.factories = factories;
        this.securityOn = securityOn;
    }

    /** Every adapter factory on the class path, by type. */
    static Map<String, BackendAdapterFactory> factories() {
        Map<String, BackendAdapterFactory> factories = new LinkedHashMap<>();
        ServiceLoader.load(BackendAdapterFactory.class).forEach(f -> factories.put(f.type(), f));
        return factories;
    }

    /**
     * The backends under {@code opgate.backends} of {@code binder}.
     *
     * @param securityOn whether callers are authenticated (discovered operations then need an explicit owner)
     */
    static ConfiguredBackends bind(Binder binder, Map<String, BackendAdapterFactory> factories, boolean securityOn) {
        List<Configured> backends = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String name : names(binder)) {
            Configured backend = bindOne(binder, name, factories, securityOn, problems);
            if (backend != null) {
                backends.add(backend);
            }
        }
        return new ConfiguredBackends(backends, problems, factories, securityOn);
    }

    /** These backends and those of {@code sources}, bound as the properties are; throws when any has a problem. */
    ConfiguredBackends with(List<BackendConfigSource> sources) {
        Map<String, String> properties = new LinkedHashMap<>();
        sources.forEach(source -> source.backends()
                .forEach((name, settings) ->
                        settings.forEach((key, value) -> properties.put(PREFIX + "." + name + "." + key, value))));
        ConfiguredBackends added =
                bind(new Binder(new MapConfigurationPropertySource(properties)), factories, securityOn);
        List<Configured> all = new ArrayList<>(backends);
        all.addAll(added.backends);
        ConfiguredBackends together = new ConfiguredBackends(all, added.problems, factories, securityOn);
        if (!together.problems.isEmpty()) {
            throw new InvalidConfigurationException(together.problems);
        }
        return together;
    }

    List<Configured> backends() {
        return backends;
    }

    /** Every problem of every backend, each a sentence naming the key. */
    List<String> problems() {
        return problems;
    }

    private static List<String> names(Binder binder) {
        return new ArrayList<>(binder.bind(PREFIX, Bindable.mapOf(String.class, Object.class))
                .orElseGet(Map::of)
                .keySet());
    }

    private static Configured bindOne(
            Binder binder,
            String name,
            Map<String, BackendAdapterFactory> factories,
            boolean securityOn,
            List<String> problems) {
        String prefix = PREFIX + "." + name + ".";
        ConfigurationPropertyName at = ConfigurationPropertyName.adapt(PREFIX + "." + name, '.');
        int before = problems.size();
        if (!name.matches(NAME)) {
            problems.add(PREFIX + "." + name + ": a backend name has 1 to 63 letters, digits, '.', '_' or '-'");
        }
        BackendSettings settings = binder.bindOrCreate(at, Bindable.of(BackendSettings.class), new Problems(problems));
        validate(settings, prefix, problems);
        problems.addAll(settings.problems(prefix, securityOn));
        BackendAdapterFactory factory = factories.get(settings.type());
        if (settings.type().isEmpty()) {
            problems.add(prefix + "type is required; one of " + factories.keySet());
            return null;
        }
        if (factory == null) {
            problems.add(prefix + "type '" + settings.type() + "' is unknown; one of " + factories.keySet());
            return null;
        }
        Map<String, String> adapterKeys = new LinkedHashMap<>();
        adapterKeys.put("type", settings.type());
        for (SettingKey key : factory.settings()) {
            binder.bind(at.append(key.name()), Bindable.of(String.class))
                    .ifBound(value -> adapterKeys.put(key.name(), value));
        }
        BackendConfig adapterSettings = BackendConfig.of(name, adapterKeys);
        problems.addAll(factory.validate(adapterSettings));
        return problems.size() == before ? new Configured(name, settings, adapterSettings, factory) : null;
    }

    private static void validate(BackendSettings settings, String prefix, List<String> problems) {
        List<String> found = new ArrayList<>();
        for (ConstraintViolation<BackendSettings> violation : Checks.VALIDATOR.validate(settings)) {
            StringBuilder key = new StringBuilder(prefix);
            for (Path.Node node : violation.getPropertyPath()) {
                key.append(key.length() == prefix.length() ? "" : ".").append(SettingsKeys.kebab(node.getName()));
            }
            Object value = violation.getInvalidValue();
            String was = value instanceof Number || value instanceof Duration
                    ? ", was " + value
                    : value instanceof String text ? ", was '" + text + "'" : "";
            found.add(key + " " + violation.getMessage() + was);
        }
        found.sort(null);
        problems.addAll(found);
    }

    /** A value that does not convert is a problem named with its key; binding goes on with the key's default. */
    private record Problems(List<String> problems) implements BindHandler {

        @Override
        public Object onFailure(
                ConfigurationPropertyName name, Bindable<?> target, BindContext context, Exception error) {
            ConfigurationProperty property = context.getConfigurationProperty();
            Object value = property == null ? null : property.getValue();
            problems.add(
                    name + " must be " + describe(target.getType().resolve(Object.class)) + ", was '" + value + "'");
            return null;
        }

        private static String describe(Class<?> type) {
            if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
                return "a whole number";
            }
            if (type == double.class || type == Double.class) {
                return "a number";
            }
            if (type == boolean.class || type == Boolean.class) {
                return "true or false";
            }
            if (type == Duration.class) {
                return SettingsCheck.DURATION;
            }
            return "a " + type.getSimpleName();
        }
    }

    /** Built on first use: Hibernate Validator takes a moment to start. */
    private static final class Checks {

        static final Validator VALIDATOR;

        static {
            // Parameters only ({value}), no expression language: the messages need no more, and it is not on the path.
            ValidatorFactory factory = Validation.byDefaultProvider()
                    .configure()
                    .messageInterpolator(new ParameterMessageInterpolator())
                    .buildValidatorFactory();
            VALIDATOR = factory.getValidator();
        }
    }
}
