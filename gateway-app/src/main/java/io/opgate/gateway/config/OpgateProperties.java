package io.opgate.gateway.config;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code opgate.*} settings of CONTRACT §4; the backends' ({@code opgate.backends.<name>.*}) are bound by {@link
 * ConfiguredBackends}, since what keys a backend has depends on its type.
 *
 * @param store {@code memory} (one instance) or {@code redis}
 * @param retention how long a done operation is kept
 * @param events how much of the change feed is kept for resuming the all-operations stream
 * @param history how much of each operation's history is kept
 */
@ConfigurationProperties("opgate")
public record OpgateProperties(
        @DefaultValue("memory") String store,
        @DefaultValue("24h") Duration retention,
        @DefaultValue Polling polling,
        @DefaultValue Security security,
        @DefaultValue Sse sse,
        @DefaultValue Events events,
        @DefaultValue Tls tls,
        @DefaultValue History history) {

    /** {@code opgate.polling.*}. */
    public record Polling(
            @DefaultValue("500ms") Duration initialInterval,
            @DefaultValue("30s") Duration maxInterval,
            @DefaultValue("1s") Duration watchedInterval,
            @DefaultValue("10s") Duration timeout,
            @DefaultValue("7d") Duration giveUpAfter,
            @DefaultValue("3") int notFoundGrace,
            @DefaultValue("100ms") Duration tick) {}

    /**
     * {@code opgate.security.*}: {@code mode} must be chosen; with none the gateway refuses to start.
     *
     * @param mode {@code api-key}, {@code jwt} or {@code none}
     * @param apiKeys mode api-key: the SHA-256 (hex) of each key with its tenant and roles
     * @param jwt mode jwt: where the signing keys come from and which claim names the tenant
     * @param streamTokenKeys keys that sign stream tokens: the first signs, every one verifies (rotation); a random
     *     key is made at start when none is given, which only suits a single instance
     * @param streamTokenTtl how long a stream token may be used to open a stream; at most five minutes
     * @param streamMaxAge when a stream opened with a stream token ends (the client reconnects with a fresh token)
     * @param maxStreamsPerClient how many event streams one tenant may have open at once: on this instance with the
     *     memory store, on all replicas together with the Redis store
     * @param maxLongPollsPerClient how many reads with {@code ?wait=} one tenant may have waiting at once, counted as
     *     the streams are
     * @param registrations how fast one tenant may register operations
     */
    public record Security(
            @Nullable String mode,
            @Nullable List<ApiKey> apiKeys,
            @DefaultValue Jwt jwt,
            @Nullable List<String> streamTokenKeys,
            @DefaultValue("60s") Duration streamTokenTtl,
            @DefaultValue("15m") Duration streamMaxAge,
            @DefaultValue("500") int maxStreamsPerClient,
            @DefaultValue("500") int maxLongPollsPerClient,
            @DefaultValue Registrations registrations) {

        public Security {
            apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
            streamTokenKeys = streamTokenKeys == null ? List.of() : List.copyOf(streamTokenKeys);
        }

        /** Only a mode, every other setting at its default: for tests and the checks of the mode alone. */
        public static Security ofMode(@Nullable String mode) {
            return new Security(
                    mode,
                    List.of(),
                    Jwt.of(null, null, "tenant"),
                    List.of(),
                    Duration.ofSeconds(60),
                    Duration.ofMinutes(15),
                    500,
                    500,
                    new Registrations(50, 100));
        }

        @Override
        public String toString() {
            // Key digests and signing keys stay out of any log line that prints the settings.
            return "Security[mode=" + mode + ", apiKeys=" + apiKeys.size() + ", jwt=" + jwt + "]";
        }
    }

    /**
     * One API key ({@code opgate.security.api-keys[n]}).
     *
     * @param sha256 the SHA-256 of the key, 64 hex digits; the key itself is never configured
     * @param tenant whose operations the key sees and registers
     * @param roles {@code read}, {@code write}, {@code admin}
     */
    public record ApiKey(@Nullable String sha256, @Nullable String tenant, @Nullable List<String> roles) {

        public ApiKey {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }

        @Override
        public String toString() {
            return "ApiKey[tenant=" + tenant + ", roles=" + roles + "]";
        }
    }

    /**
     * {@code opgate.security.jwt.*}: a standard OAuth2 resource server.
     *
     * @param issuerUri the issuer, required: {@code iss} must match it, and without {@code jwkSetUri} its discovery
     *     document names the JWK set
     * @param jwkSetUri the JWK set, when the issuer has no discovery document
     * @param tenantClaim the claim that names the caller's tenant
     * @param audiences required: a token is accepted only when its {@code aud} names one of these, so that a token
     *     the same identity provider minted for another API is refused
     * @param clockSkew how far a token's {@code exp} and {@code nbf} may be off; at most five minutes
     * @param jwsAlgorithms the signature algorithms accepted ({@code RS256} unless told)
     */
    public record Jwt(
            @Nullable String issuerUri,
            @Nullable String jwkSetUri,
            @DefaultValue("tenant") String tenantClaim,
            @Nullable List<String> audiences,
            @DefaultValue("30s") Duration clockSkew,
            @DefaultValue("RS256") List<String> jwsAlgorithms) {

        public Jwt {
            audiences = audiences == null ? List.of() : List.copyOf(audiences);
            jwsAlgorithms = List.copyOf(jwsAlgorithms);
        }

        /** Only where the keys come from: for tests and the checks of the mode alone. */
        public static Jwt of(@Nullable String issuerUri, @Nullable String jwkSetUri, String tenantClaim) {
            return new Jwt(issuerUri, jwkSetUri, tenantClaim, List.of(), Duration.ofSeconds(30), List.of("RS256"));
        }
    }

    /**
     * {@code opgate.security.registrations.*}: a token bucket per tenant, in memory with the memory store, in Redis
     * (shared by every replica) with the Redis store.
     *
     * @param perSecond registrations a tenant may make per second, sustained
     * @param burst registrations a tenant may make at once after a quiet spell
     */
    public record Registrations(@DefaultValue("50") double perSecond, @DefaultValue("100") int burst) {}

    /**
     * {@code opgate.tls.*}: how the gateway checks its backends' certificates.
     *
     * @param caBundle a PEM file of the certificate authorities to trust instead of the JDK's
     * @param insecureSkipVerify accept any certificate: for a lab only, and logged loudly at start
     */
    public record Tls(@Nullable String caBundle, @DefaultValue("false") boolean insecureSkipVerify) {}

    /**
     * {@code opgate.sse.*}.
     *
     * @param keepalive how often an idle stream gets a comment line
     * @param retry the reconnect delay suggested to clients
     */
    public record Sse(@DefaultValue("15s") Duration keepalive, @DefaultValue("3s") Duration retry) {}

    /**
     * {@code opgate.events.*}.
     *
     * @param retainedChanges how many of the newest changes the memory store keeps for resuming
     */
    public record Events(@DefaultValue("100000") int retainedChanges) {}

    /**
     * {@code opgate.history.*}.
     *
     * @param maxEntries the most transitions kept per operation (the newest); {@code ?view=full} shows them
     */
    public record History(@DefaultValue("50") int maxEntries) {}
}
