package io.opgate.gateway.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.opgate.contracts.model.OperationState;
import io.opgate.gateway.store.OperationStore;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * {@code opgate.operations} per state, from the store's own counts, read every {@code refresh} rather than on each
 * scrape: a scrape never waits for the store, and a slow store costs one read per period.
 */
public final class OperationStateMeters implements MeterBinder, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OperationStateMeters.class);

    private final OperationStore store;
    private final Duration refresh;
    private final Scheduler scheduler;
    private final AtomicReference<Map<OperationState, Long>> counts =
            new AtomicReference<>(OperationStore.zeroPerState());
    private Disposable refreshing = () -> {};

    public OperationStateMeters(OperationStore store, Duration refresh, Scheduler scheduler) {
        this.store = store;
        this.refresh = refresh;
        this.scheduler = scheduler;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (OperationState state : OperationState.values()) {
            Gauge.builder("opgate.operations", counts, c -> c.get().getOrDefault(state, 0L))
                    .description("Operations in the store by state (every instance of a shared store reports all)")
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }

    public void start() {
        refreshing = Flux.interval(Duration.ZERO, refresh, scheduler)
                .onBackpressureDrop()
                .concatMap(tick -> store.countByState().doOnNext(counts::set).onErrorResume(e -> {
                    log.debug("Counting operations by state failed: {}", e.toString());
                    return Mono.empty();
                }))
                .subscribe();
    }

    @Override
    public void close() {
        refreshing.dispose();
    }
}
