package io.opgate.gateway.tracking;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How hard this instance may press one backend, from its {@link BackendSettings}.
 *
 * @param circuitFailureThreshold {@code circuit-failure-threshold}: failed polls in a row that open the circuit
 * @param circuitProbeInterval {@code circuit-probe-interval}: how often an open circuit lets one poll through
 * @param maxRequestsPerSecond {@code max-requests-per-second}: the request budget, 0 for none
 * @param throttleBackoff {@code throttle-backoff}: how long a backend that throttles without {@code Retry-After} is
 *     paused the first time; each further throttled answer in a row doubles it
 * @param throttleBackoffMax {@code throttle-backoff-max}: the longest such pause, and the longest a {@code Retry-After}
 *     is honoured
 */
public record BackendLimits(
        int circuitFailureThreshold,
        Duration circuitProbeInterval,
        double maxRequestsPerSecond,
        Duration throttleBackoff,
        Duration throttleBackoffMax) {

    public BackendLimits(int circuitFailureThreshold, Duration circuitProbeInterval, double maxRequestsPerSecond) {
        this(
                circuitFailureThreshold,
                circuitProbeInterval,
                maxRequestsPerSecond,
                BackendSettings.defaults().throttleBackoff(),
                BackendSettings.defaults().throttleBackoffMax());
    }

    public static BackendLimits defaults() {
        return of(BackendSettings.defaults());
    }

    /**
     * The pause after the {@code streak}-th throttled answer in a row that gave no {@code Retry-After}:
     * {@code throttle-backoff} doubled for each one after the first, at most {@code throttle-backoff-max}.
     */
    public Duration throttlePause(int streak) {
        long millis = throttleBackoff.toMillis();
        for (int i = 1; i < streak && millis < throttleBackoffMax.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, throttleBackoffMax.toMillis()));
    }

    /**
     * How long to honour a backend's {@code Retry-After} of {@code asked}: as asked, up to {@code throttle-backoff-max}.
     * A backend may say anything there (the header allows up to 31 years in seconds, or any date); beyond the cap it
     * is asked again rather than left unpolled on its word.
     */
    public @Nullable Duration honoured(@Nullable Duration asked) {
        return asked == null || asked.compareTo(throttleBackoffMax) <= 0 ? asked : throttleBackoffMax;
    }

    /** The limits among {@code settings}. */
    public static BackendLimits of(BackendSettings settings) {
        return new BackendLimits(
                settings.circuitFailureThreshold(),
                settings.circuitProbeInterval(),
                settings.maxRequestsPerSecond() == null ? 0 : settings.maxRequestsPerSecond(),
                settings.throttleBackoff(),
                settings.throttleBackoffMax());
    }
}
