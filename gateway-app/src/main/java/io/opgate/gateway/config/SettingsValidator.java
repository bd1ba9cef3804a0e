package io.opgate.gateway.config;

import io.opgate.contracts.spi.BackendConfig;
import io.opgate.gateway.security.ApiKeys;
import io.opgate.gateway.security.StreamTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Checks the whole configuration at start-up, collecting every mistake, so that one start shows them all. */
final class SettingsValidator {

    static final Set<String> SECURITY_MODES = Set.of("api-key", "jwt", "none");
    static final Set<String> STORES = Set.of("memory", "redis");
    static final Set<String> ROLES = Set.of("read", "write", "admin");
    static final Pattern SHA256_HEX = Pattern.compile("[0-9A-Fa-f]{64}");
    static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@:-]{0,127}");
    static final int MIN_STREAM_TOKEN_KEY = 32;
    /** Digests of keys anyone would try first; the README's example is the digest of {@code test}. */
    static final Set<String> WELL_KNOWN_DIGESTS = Stream.of(
                    "", "test", "password", "changeme", "secret", "admin", "opgate", "apikey", "api-key", "key")
            .map(ApiKeys::sha256Hex)
            .collect(Collectors.toUnmodifiableSet());

    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    /** Asymmetric signatures only: with a shared secret, anyone who can check a token can mint one. */
    static final Set<String> JWS_ALGORITHMS =
            new TreeSet<>(Set.of("RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512"));

    private SettingsValidator() {}

    static final String NO_BACKEND = "no backend is configured under opgate.backends (the demo is a build of its"
            + " own: java -jar demo/target/opgate-demo.jar --spring.profiles.active=demo)";

    /** What is wrong with the settings other than the backends' ({@link ConfiguredBackends} checks those). */
    static List<String> problems(OpgateProperties properties) {
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
        } else {
            security(properties.security(), problems);
        }
        tls(properties.tls(), problems);
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
        if (properties.history().maxEntries() < 1) {
            problems.add("opgate.history.max-entries must be at least 1, was "
                    + properties.history().maxEntries());
        }
        if (polling.notFoundGrace() < 1) {
            problems.add("opgate.polling.not-found-grace must be at least 1, was " + polling.notFoundGrace());
        }
        if (properties.events().retainedChanges() < 1) {
            problems.add("opgate.events.retained-changes must be at least 1");
        }
        return problems;
    }

    private static void security(OpgateProperties.Security security, List<String> problems) {
        String prefix = "opgate.security.";
        if (security.mode().equals("api-key")) {
            if (security.apiKeys().isEmpty()) {
                problems.add(prefix + "api-keys is empty: mode api-key needs at least one key "
                        + "({sha256, tenant, roles})");
            }
            Set<String> digests = new HashSet<>();
            for (int i = 0; i < security.apiKeys().size(); i++) {
                OpgateProperties.ApiKey key = security.apiKeys().get(i);
                String at = prefix + "api-keys[" + i + "]";
                // The digest is not a secret, but a wrong value may be a key pasted by mistake: never echo it.
                if (key.sha256() == null || !SHA256_HEX.matcher(key.sha256()).matches()) {
                    problems.add(at + ".sha256 must be the SHA-256 of the key as 64 hex digits "
                            + "(e.g. printf %s \"$KEY\" | sha256sum), not the key itself");
                } else if (!digests.add(key.sha256().toLowerCase(Locale.ROOT))) {
                    problems.add(at + ".sha256 is the same as an earlier key's");
                } else if (WELL_KNOWN_DIGESTS.contains(key.sha256().toLowerCase(Locale.ROOT))) {
                    problems.add(at + ".sha256 is the digest of a key everybody knows (empty, 'test', 'password'"
                            + " or the like): make a random key of at least 32 characters (openssl rand -base64 32)");
                }
                if (key.tenant() == null || !TENANT.matcher(key.tenant()).matches()) {
                    problems.add(at + ".tenant is required: 1 to 128 letters, digits, '.', '_', '-', '@' or ':'");
                }
                if (key.roles().isEmpty()) {
                    problems.add(at + ".roles is empty; give some of " + ROLES);
                }
                key.roles().stream()
                        .filter(role -> !ROLES.contains(role.trim().toLowerCase(Locale.ROOT)))
                        .forEach(role -> problems.add(at + ".roles: '" + role + "' is not one of " + ROLES));
            }
        }
        if (security.mode().equals("jwt")) {
            OpgateProperties.Jwt jwt = security.jwt();
            if (jwt.issuerUri() == null) {
                problems.add(prefix + "jwt.issuer-uri is required in mode jwt: every token's iss must match it (give"
                        + " jwk-set-uri too when the issuer has no discovery document)");
            } else {
                BackendConfig.checkUrl(prefix + "jwt.issuer-uri", jwt.issuerUri(), problems);
            }
            if (jwt.audiences().isEmpty() || jwt.audiences().stream().anyMatch(String::isBlank)) {
                problems.add(prefix + "jwt.audiences is required in mode jwt: the aud value(s) of tokens minted for"
                        + " this gateway, so that tokens meant for other APIs are refused");
            }
            if (jwt.clockSkew().isNegative() || jwt.clockSkew().compareTo(MAX_CLOCK_SKEW) > 0) {
                problems.add(prefix + "jwt.clock-skew must be between 0s and " + MAX_CLOCK_SKEW.toSeconds() + "s, was "
                        + jwt.clockSkew());
            }
            if (jwt.jwsAlgorithms().isEmpty()) {
                problems.add(prefix + "jwt.jws-algorithms is empty; give some of " + JWS_ALGORITHMS);
            }
            jwt.jwsAlgorithms().stream()
                    .filter(algorithm -> !JWS_ALGORITHMS.contains(algorithm))
                    .forEach(algorithm -> problems.add(
                            prefix + "jwt.jws-algorithms: '" + algorithm + "' is not one of " + JWS_ALGORITHMS));
            if (jwt.jwkSetUri() != null) {
                BackendConfig.checkUrl(prefix + "jwt.jwk-set-uri", jwt.jwkSetUri(), problems);
            }
            if (jwt.tenantClaim().isBlank()) {
                problems.add(prefix + "jwt.tenant-claim must name a claim");
            }
        }
        for (int i = 0; i < security.streamTokenKeys().size(); i++) {
            if (security.streamTokenKeys().get(i).length() < MIN_STREAM_TOKEN_KEY) {
                problems.add(prefix + "stream-token-keys[" + i + "] is too short: at least " + MIN_STREAM_TOKEN_KEY
                        + " characters (e.g. openssl rand -base64 32)");
            }
        }
        positive(prefix + "stream-token-ttl", security.streamTokenTtl(), problems);
        if (security.streamTokenTtl().compareTo(StreamTokens.MAX_TTL) > 0) {
            problems.add(prefix + "stream-token-ttl must be at most " + StreamTokens.MAX_TTL.toMinutes()
                    + " minutes, was " + security.streamTokenTtl());
        }
        positive(prefix + "stream-max-age", security.streamMaxAge(), problems);
        if (security.maxStreamsPerClient() < 1) {
            problems.add(prefix + "max-streams-per-client must be at least 1");
        }
        if (security.maxLongPollsPerClient() < 1) {
            problems.add(prefix + "max-long-polls-per-client must be at least 1");
        }
        OpgateProperties.Registrations rate = security.registrations();
        if (!(rate.perSecond() > 0) || rate.burst() < 1) {
            problems.add(prefix + "registrations: per-second must be above 0 and burst at least 1");
        }
    }

    private static void tls(OpgateProperties.Tls tls, List<String> problems) {
        if (tls.caBundle() != null) {
            Path path = Path.of(tls.caBundle());
            if (!Files.isReadable(path)) {
                problems.add("opgate.tls.ca-bundle: cannot read " + path);
            }
            if (tls.insecureSkipVerify()) {
                problems.add("opgate.tls.ca-bundle and opgate.tls.insecure-skip-verify exclude each other");
            }
        }
    }

    private static void positive(String key, Duration value, List<String> problems) {
        if (value.isNegative() || value.isZero()) {
            problems.add(key + " must be a positive duration, was " + value);
        }
    }
}
