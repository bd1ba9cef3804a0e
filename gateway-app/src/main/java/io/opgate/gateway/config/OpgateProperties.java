package io.opgate.gateway.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code opgate.*} settings of CONTRACT §4.
 *
 * @param store {@code memory} (one instance) or {@code redis}
 * @param retention how long a done operation is kept
 * @param backends each backend's settings by name, keys as documented per type ({@code iam.url} and the like nested)
 * @param events how much of the change feed is kept for resuming the all-operations stream
 */
@ConfigurationProperties("opgate")
public record OpgateProperties(
        @DefaultValue("memory") String store,
        @DefaultValue("24h") Duration retention,
        @DefaultValue Polling polling,
        @Nullable Map<String, Map<String, String>> backends,
        @DefaultValue Security security,
        @DefaultValue Sse sse,
        @DefaultValue Events events,
        @DefaultValue Demo demo) {

    public OpgateProperties {
        backends = backends == null ? Map.of() : new LinkedHashMap<>(backends);
    }

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
     */
    public record Security(@Nullable String mode) {}

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
     * {@code opgate.demo.*}: the built-in demo.
     *
     * @param enabled start simulated backends in-process and configure one backend of each type on them
     * @param operationsPerMinute how many new operations the demo creates and registers per minute
     */
    public record Demo(@DefaultValue("false") boolean enabled, @DefaultValue("30") int operationsPerMinute) {}
}
