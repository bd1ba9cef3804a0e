package io.opgate.gateway.tracking;

import java.time.Duration;
import java.util.Objects;

/**
 * How operations are polled and kept (CONTRACT §4, {@code opgate.polling.*} and {@code opgate.retention}).
 *
 * @param tick how often the scheduler looks for due polls: the worst lag behind a due time
 */
public record PollingSettings(
        Duration initialInterval,
        Duration maxInterval,
        Duration watchedInterval,
        Duration timeout,
        Duration giveUpAfter,
        int notFoundGrace,
        Duration retention,
        Duration tick) {

    public PollingSettings {
        Objects.requireNonNull(initialInterval);
        Objects.requireNonNull(maxInterval);
        Objects.requireNonNull(watchedInterval);
        Objects.requireNonNull(timeout);
        Objects.requireNonNull(giveUpAfter);
        Objects.requireNonNull(retention);
        Objects.requireNonNull(tick);
    }

    public static PollingSettings defaults() {
        return new PollingSettings(
                Duration.ofMillis(500),
                Duration.ofSeconds(30),
                Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                Duration.ofDays(7),
                3,
                Duration.ofHours(24),
                Duration.ofMillis(100));
    }
}
