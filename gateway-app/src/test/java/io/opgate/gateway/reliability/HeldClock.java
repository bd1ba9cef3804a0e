package io.opgate.gateway.reliability;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock, except that a test can hold it still for a while (the simulated backends' operations then do not
 * advance) and release it again; it never goes back.
 */
final class HeldClock extends Clock {

    private volatile Instant heldAt;
    private volatile Duration heldFor = Duration.ZERO;

    synchronized void hold() {
        if (heldAt == null) {
            heldAt = Instant.now().minus(heldFor);
        }
    }

    synchronized void release() {
        if (heldAt != null) {
            heldFor = Duration.between(heldAt, Instant.now());
            heldAt = null;
        }
    }

    @Override
    public Instant instant() {
        Instant held = heldAt;
        return held != null ? held : Instant.now().minus(heldFor);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
