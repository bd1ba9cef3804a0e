package io.opgate.gateway.support;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import reactor.test.scheduler.VirtualTimeScheduler;

/** A clock that reads a virtual time scheduler, so that the engine's "now" and its timers move together. */
public final class VirtualClock extends Clock {

    private final VirtualTimeScheduler scheduler;
    private final Instant origin;

    public VirtualClock(VirtualTimeScheduler scheduler, Instant origin) {
        this.scheduler = scheduler;
        this.origin = origin;
    }

    @Override
    public Instant instant() {
        return origin.plusMillis(scheduler.now(TimeUnit.MILLISECONDS));
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
