package io.opgate.gateway.reliability;

import java.time.Duration;
import java.time.Instant;

/**
 * Time that a fault scenario is made of, not a wait for something to happen: an outage or a phase of load lasts as
 * long as the scenario says, and its figures are per that length. What these tests wait for is awaited instead.
 */
final class Hold {

    private Hold() {}

    /** Keeps a fault on until {@code end} (not at all when {@code end} has passed). */
    static void outageUntil(Instant end) {
        pass(Duration.between(Instant.now(), end));
    }

    /** Lets a phase of the scenario (a fault, a load, a gap between two faults) run for {@code length}. */
    static void phaseFor(Duration length) {
        pass(length);
    }

    private static void pass(Duration length) {
        if (length.isNegative() || length.isZero()) {
            return;
        }
        try {
            Thread.sleep(length.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
