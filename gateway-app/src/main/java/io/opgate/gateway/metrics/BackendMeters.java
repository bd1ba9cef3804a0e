package io.opgate.gateway.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.opgate.gateway.tracking.Backend;
import io.opgate.gateway.tracking.BackendRegistry;
import java.time.Clock;

/**
 * Gauges of each backend as this instance polls it: polls in flight against its {@code max-concurrency}, and its
 * back-off state (failed polls in a row, reachable or not, paused for throttling or not).
 */
public final class BackendMeters implements MeterBinder {

    private final BackendRegistry backends;
    private final Clock clock;

    public BackendMeters(BackendRegistry backends, Clock clock) {
        this.backends = backends;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Backend backend : backends.all()) {
            Gauge.builder("opgate.backend.polls.in.flight", backend, Backend::inFlight)
                    .description("Polls of the backend in flight on this instance")
                    .tag("backend", backend.name())
                    .register(registry);
            Gauge.builder("opgate.backend.max.concurrency", backend, Backend::maxConcurrency)
                    .description("Polls of the backend allowed in flight at once")
                    .tag("backend", backend.name())
                    .register(registry);
            Gauge.builder("opgate.backend.consecutive.failures", backend, b -> b.health()
                            .consecutiveFailures())
                    .description("Failed polls of the backend in a row (0 after a usable answer)")
                    .tag("backend", backend.name())
                    .register(registry);
            Gauge.builder("opgate.backend.throttled", backend, b -> b.pausedUntil(clock.instant()) != null ? 1 : 0)
                    .description("1 while the backend is paused because it throttled (or asked with Retry-After to be"
                            + " left alone), else 0")
                    .tag("backend", backend.name())
                    .register(registry);
            Gauge.builder("opgate.backend.reachable", backend, b -> b.health().reachable() ? 1 : 0)
                    .description("1 when the last poll of the backend got a usable answer, else 0")
                    .tag("backend", backend.name())
                    .register(registry);
        }
    }
}
