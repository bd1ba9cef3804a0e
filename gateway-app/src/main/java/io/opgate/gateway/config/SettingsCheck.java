package io.opgate.gateway.config;

import io.opgate.contracts.spi.BackendAdapterFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Checks the {@code opgate.*} settings once the configuration is complete and before the application context starts
 * (its beans, its web server), so that a refused start says only what is wrong (no half-started web server warning
 * first) and says all of it at once: keys that no setting reads (with the nearest valid key), durations that do not
 * parse, and everything {@link SettingsValidator} finds, with each bad duration replaced by its default so that it
 * hides nothing else. It runs when the context is prepared, not as an environment post-processor: property sources
 * added after those (a test's dynamic properties, an initializer's) are in place by then.
 */
public final class SettingsCheck implements ApplicationListener<ApplicationPreparedEvent> {

    static final String DURATION = "a duration such as 500ms, 30s, 5m, 24h or 7d (or ISO-8601, PT30S)";

    private static final String PROBE_SOURCE = "opgate-settings-check-defaults";

    /**
     * What the check found.
     *
     * @param backends the backends of the properties, bound and checked: the application context polls these (and
     *     those configured in code), without binding them again
     */
    record Result(List<String> problems, ConfiguredBackends backends) {}

    @Override
    public void onApplicationEvent(ApplicationPreparedEvent event) {
        Result result = check(event.getApplicationContext().getEnvironment());
        if (!result.problems().isEmpty()) {
            throw new InvalidConfigurationException(result.problems());
        }
        event.getApplicationContext().getBeanFactory().registerSingleton("configuredBackends", result.backends());
    }

    static List<String> problems(ConfigurableEnvironment environment) {
        return check(environment).problems();
    }

    static Result check(ConfigurableEnvironment environment) {
        List<SettingsExtension> extensions = new ArrayList<>();
        ServiceLoader.load(SettingsExtension.class).forEach(extensions::add);
        Map<String, BackendAdapterFactory> factories = ConfiguredBackends.factories();
        SettingsKeys keys = new SettingsKeys(extensions, factories.values());
        List<String> problems = new ArrayList<>();
        for (String key : givenKeys(environment)) {
            if (!keys.known(key)) {
                problems.add(key + " is not a setting; did you mean " + keys.nearest(key) + "?");
            }
        }
        Map<String, Object> defaults = new LinkedHashMap<>();
        keys.durations().forEach((key, fallback) -> {
            String value = environment.getProperty(key);
            if (value == null) {
                return;
            }
            try {
                DurationStyle.detectAndParse(value.trim());
            } catch (IllegalArgumentException e) {
                problems.add(key + " must be " + DURATION + ", was '" + value + "'");
                defaults.put(key, fallback);
            }
        });
        environment.getPropertySources().addFirst(new MapPropertySource(PROBE_SOURCE, defaults));
        try {
            Binder binder = Binder.get(environment);
            try {
                problems.addAll(SettingsValidator.problems(binder.bindOrCreate("opgate", OpgateProperties.class)));
            } catch (RuntimeException e) {
                // A value of another type that does not convert: Boot's own binding reports it once the check passes.
            }
            ConfiguredBackends backends = ConfiguredBackends.bind(binder, factories, securityOn(environment));
            problems.addAll(backends.problems());
            boolean backendsFromCode = extensions.stream().anyMatch(e -> e.configuresBackends(environment));
            if (backends.backends().isEmpty() && backends.problems().isEmpty() && !backendsFromCode) {
                problems.add(SettingsValidator.NO_BACKEND);
            }
            return new Result(problems, backends);
        } finally {
            environment.getPropertySources().remove(PROBE_SOURCE);
        }
    }

    private static boolean securityOn(ConfigurableEnvironment environment) {
        String mode = environment.getProperty("opgate.security.mode");
        return mode == null || !mode.trim().equals("none");
    }

    /**
     * The {@code opgate.*} keys given in files, command-line arguments and system properties. Environment variables
     * are left out: their names lose the dashes and dots that tell a backend's name from its keys.
     */
    private static Set<String> givenKeys(ConfigurableEnvironment environment) {
        Set<String> given = new LinkedHashSet<>();
        ConfigurationPropertyName opgate = ConfigurationPropertyName.of("opgate");
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof SystemEnvironmentPropertySource
                    || PROBE_SOURCE.equals(source.getName())
                    // Boot's view of every other source at once, environment variables included.
                    || "configurationProperties".equals(source.getName())) {
                continue;
            }
            for (ConfigurationPropertySource adapted : ConfigurationPropertySources.from(source)) {
                if (adapted instanceof IterableConfigurationPropertySource iterable) {
                    iterable.filter(opgate::isAncestorOf).forEach(name -> given.add(name.toString()));
                }
            }
        }
        return given;
    }
}
