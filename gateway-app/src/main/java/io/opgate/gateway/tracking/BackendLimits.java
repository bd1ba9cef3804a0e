package io.opgate.gateway.tracking;

import io.opgate.contracts.spi.BackendConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.convert.DurationStyle;

/**
 * How hard this instance may press one backend, from {@code opgate.backends.<name>.*}.
 *
 * @param circuitFailureThreshold {@code circuit-failure-threshold}: failed polls in a row that open the circuit
 * @param circuitProbeInterval {@code circuit-probe-interval}: how often an open circuit lets one poll through
 * @param maxRequestsPerSecond {@code max-requests-per-second}: the request budget, 0 for none
 * @param throttleBackoff {@code throttle-backoff}: how long a backend that throttles without {@code Retry-After} is
 *     paused the first time; each further throttled answer in a row doubles it
 * @param throttleBackoffMax {@code throttle-backoff-max}: the longest such pause
 */
public record BackendLimits(
        int circuitFailureThreshold,
        Duration circuitProbeInterval,
        double maxRequestsPerSecond,
        Duration throttleBackoff,
        Duration throttleBackoffMax) {

    static final int DEFAULT_THRESHOLD = 5;
    static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(5);
    static final Duration DEFAULT_THROTTLE_BACKOFF = Duration.ofSeconds(2);
    static final Duration DEFAULT_THROTTLE_BACKOFF_MAX = Duration.ofMinutes(2);

    public BackendLimits(int circuitFailureThreshold, Duration circuitProbeInterval, double maxRequestsPerSecond) {
        this(
                circuitFailureThreshold,
                circuitProbeInterval,
                maxRequestsPerSecond,
                DEFAULT_THROTTLE_BACKOFF,
                DEFAULT_THROTTLE_BACKOFF_MAX);
    }

    public static BackendLimits defaults() {
        return new BackendLimits(DEFAULT_THRESHOLD, DEFAULT_PROBE_INTERVAL, 0);
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

    /** The limits of {@code config}; call {@link #problems} first, invalid values fall back to the defaults. */
    public static BackendLimits of(BackendConfig config) {
        return problems(config).isEmpty()
                ? new BackendLimits(
                        config.intValue("circuit-failure-threshold", DEFAULT_THRESHOLD),
                        duration(config.get("circuit-probe-interval"), DEFAULT_PROBE_INTERVAL),
                        number(config.get("max-requests-per-second"), 0),
                        duration(config.get("throttle-backoff"), DEFAULT_THROTTLE_BACKOFF),
                        duration(config.get("throttle-backoff-max"), DEFAULT_THROTTLE_BACKOFF_MAX))
                : defaults();
    }

    /** What is wrong with these keys of {@code config}, each a sentence naming the key. */
    public static List<String> problems(BackendConfig config) {
        List<String> problems = new ArrayList<>();
        String prefix = "opgate.backends." + config.name() + ".";
        String threshold = config.get("circuit-failure-threshold");
        if (threshold != null && !threshold.trim().matches("[1-9][0-9]{0,8}")) {
            problems.add(
                    prefix + "circuit-failure-threshold must be a whole number of at least 1, was '" + threshold + "'");
        }
        positiveDuration(config, prefix, "circuit-probe-interval", problems);
        Duration backoff = positiveDuration(config, prefix, "throttle-backoff", problems);
        Duration backoffMax = positiveDuration(config, prefix, "throttle-backoff-max", problems);
        Duration first = backoff == null ? DEFAULT_THROTTLE_BACKOFF : backoff;
        Duration most = backoffMax == null ? DEFAULT_THROTTLE_BACKOFF_MAX : backoffMax;
        if ((backoff != null || backoffMax != null) && first.compareTo(most) > 0) {
            problems.add(prefix + "throttle-backoff (" + first + ") must not be longer than throttle-backoff-max ("
                    + most + ")");
        }
        String rate = config.get("max-requests-per-second");
        if (rate != null) {
            double value = number(rate, -1);
            if (!(value > 0) || Double.isInfinite(value)) {
                problems.add(prefix + "max-requests-per-second must be a positive number, was '" + rate + "'");
            }
        }
        return problems;
    }

    /** The positive duration under {@code key}, null when absent or invalid (then with a problem added). */
    private static Duration positiveDuration(BackendConfig config, String prefix, String key, List<String> problems) {
        String value = config.get(key);
        if (value == null) {
            return null;
        }
        try {
            Duration d = DurationStyle.detectAndParse(value.trim());
            if (d.isNegative() || d.isZero()) {
                problems.add(prefix + key + " must be a positive duration, was '" + value + "'");
                return null;
            }
            return d;
        } catch (IllegalArgumentException e) {
            problems.add(prefix + key + " is not a duration (e.g. 5s): '" + value + "'");
            return null;
        }
    }

    private static Duration duration(String value, Duration fallback) {
        return value == null ? fallback : DurationStyle.detectAndParse(value.trim());
    }

    private static double number(String value, double fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
