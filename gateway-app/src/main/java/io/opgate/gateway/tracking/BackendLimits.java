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
 */
public record BackendLimits(int circuitFailureThreshold, Duration circuitProbeInterval, double maxRequestsPerSecond) {

    static final int DEFAULT_THRESHOLD = 5;
    static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(5);

    public static BackendLimits defaults() {
        return new BackendLimits(DEFAULT_THRESHOLD, DEFAULT_PROBE_INTERVAL, 0);
    }

    /** The limits of {@code config}; call {@link #problems} first, invalid values fall back to the defaults. */
    public static BackendLimits of(BackendConfig config) {
        return problems(config).isEmpty()
                ? new BackendLimits(
                        config.intValue("circuit-failure-threshold", DEFAULT_THRESHOLD),
                        duration(config.get("circuit-probe-interval"), DEFAULT_PROBE_INTERVAL),
                        number(config.get("max-requests-per-second"), 0))
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
        String probe = config.get("circuit-probe-interval");
        if (probe != null) {
            try {
                Duration d = duration(probe, DEFAULT_PROBE_INTERVAL);
                if (d.isNegative() || d.isZero()) {
                    problems.add(prefix + "circuit-probe-interval must be a positive duration, was '" + probe + "'");
                }
            } catch (IllegalArgumentException e) {
                problems.add(prefix + "circuit-probe-interval is not a duration (e.g. 5s): '" + probe + "'");
            }
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
