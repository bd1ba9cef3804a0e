package io.opgate.gateway.config;

import io.opgate.contracts.spi.BackendAdapterFactory;
import io.opgate.contracts.spi.BackendConfig;
import io.opgate.gateway.tracking.BackendLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks the whole configuration at start-up, collecting every mistake, so that one start shows them all. */
final class SettingsValidator {

    static final Set<String> SECURITY_MODES = Set.of("api-key", "jwt", "none");
    static final Set<String> STORES = Set.of("memory", "redis");

    private SettingsValidator() {}

    static List<String> problems(
            OpgateProperties properties, List<BackendConfig> backends, Map<String, BackendAdapterFactory> factories) {
        List<String> problems = new ArrayList<>();
        if (!STORES.contains(properties.store())) {
            problems.add("opgate.store must be one of " + STORES + ", was '" + properties.store() + "'");
        }
        String mode = properties.security().mode();
        if (mode == null || mode.isBlank()) {
            problems.add("opgate.security.mode is not set: configure api-key or jwt, or set it to none explicitly "
                    + "(only for a gateway that nobody else can reach)");
        } else if (!SECURITY_MODES.contains(mode)) {
            problems.add("opgate.security.mode must be one of " + SECURITY_MODES + ", was '" + mode + "'");
        } else if (!mode.equals("none")) {
            // Refusing beats running open: authentication modes arrive with the security work.
            problems.add("opgate.security.mode '" + mode + "' is not available in this version; "
                    + "only none is, for a gateway that listens on loopback");
        }
        positive("opgate.retention", properties.retention(), problems);
        OpgateProperties.Polling polling = properties.polling();
        positive("opgate.polling.initial-interval", polling.initialInterval(), problems);
        positive("opgate.polling.max-interval", polling.maxInterval(), problems);
        positive("opgate.polling.watched-interval", polling.watchedInterval(), problems);
        positive("opgate.polling.timeout", polling.timeout(), problems);
        positive("opgate.polling.give-up-after", polling.giveUpAfter(), problems);
        positive("opgate.polling.tick", polling.tick(), problems);
        if (polling.maxInterval().compareTo(polling.initialInterval()) < 0) {
            problems.add("opgate.polling.max-interval (" + polling.maxInterval()
                    + ") must not be shorter than opgate.polling.initial-interval (" + polling.initialInterval() + ")");
        }
        if (polling.notFoundGrace() < 1) {
            problems.add("opgate.polling.not-found-grace must be at least 1, was " + polling.notFoundGrace());
        }
        if (properties.events().retainedChanges() < 1) {
            problems.add("opgate.events.retained-changes must be at least 1");
        }
        if (backends.isEmpty()) {
            problems.add(
                    "no backend is configured under opgate.backends (or enable the demo: opgate.demo.enabled=true)");
        }
        for (BackendConfig backend : backends) {
            String prefix = "opgate.backends." + backend.name();
            if (!backend.name().matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}")) {
                problems.add(prefix + ": a backend name has 1 to 63 letters, digits, '.', '_' or '-'");
            }
            if (backend.type().isEmpty()) {
                problems.add(prefix + ".type is required; one of " + factories.keySet());
                continue;
            }
            BackendAdapterFactory factory = factories.get(backend.type());
            if (factory == null) {
                problems.add(prefix + ".type '" + backend.type() + "' is unknown; one of " + factories.keySet());
                continue;
            }
            problems.addAll(factory.validate(backend));
            problems.addAll(BackendLimits.problems(backend));
        }
        return problems;
    }

    private static void positive(String key, Duration value, List<String> problems) {
        if (value.isNegative() || value.isZero()) {
            problems.add(key + " must be a positive duration, was " + value);
        }
    }
}
