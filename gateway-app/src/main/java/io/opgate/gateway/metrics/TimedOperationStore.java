package io.opgate.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opgate.contracts.model.OperationState;
import io.opgate.gateway.store.CountScope;
import io.opgate.gateway.store.HistoryEntry;
import io.opgate.gateway.store.OperationCounts;
import io.opgate.gateway.store.OperationFilter;
import io.opgate.gateway.store.OperationStore;
import io.opgate.gateway.store.Page;
import io.opgate.gateway.store.TrackedOperation;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * Times every call to a store ({@code opgate.store.duration}, by call and outcome) and counts the state transitions
 * its writes make ({@code opgate.operation.transitions}, from and to; {@code from="none"} for a new operation).
 */
public final class TimedOperationStore implements OperationStore {

    private static final String NONE = "none";

    private final OperationStore delegate;
    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public TimedOperationStore(OperationStore delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
    }

    @Override
    public Mono<TrackedOperation> find(String id) {
        return timed("find", delegate.find(id));
    }

    @Override
    public Mono<Insertion> insertIfAbsent(TrackedOperation operation) {
        return timed("insert", delegate.insertIfAbsent(operation)).doOnNext(insertion -> {
            if (insertion.inserted()) {
                transition(NONE, tag(insertion.operation().operation().state()));
            }
        });
    }

    @Override
    public Mono<Update> update(String id, UnaryOperator<TrackedOperation> change) {
        return timed("update", delegate.update(id, change)).doOnNext(update -> {
            OperationState from = update.before().operation().state();
            OperationState to = update.after().operation().state();
            if (from != to) {
                transition(tag(from), tag(to));
            }
        });
    }

    @Override
    public Mono<Boolean> remove(String id) {
        return timed("remove", delegate.remove(id));
    }

    @Override
    public Mono<Page> list(OperationFilter filter, int pageSize, @Nullable String pageToken) {
        return timed("list", delegate.list(filter, pageSize, pageToken));
    }

    @Override
    public Flux<TrackedOperation> active(OperationFilter filter) {
        return Flux.defer(() -> {
            Timer.Sample sample = Timer.start(registry);
            return delegate.active(filter).doFinally(signal -> stop(sample, "active", signal));
        });
    }

    @Override
    public Mono<List<HistoryEntry>> history(String id) {
        return timed("history", delegate.history(id));
    }

    @Override
    public Mono<OperationCounts> counts(CountScope scope) {
        return timed("counts", delegate.counts(scope));
    }

    @Override
    public Mono<Map<String, Long>> activeCountByBackend() {
        return timed("count_by_backend", delegate.activeCountByBackend());
    }

    @Override
    public Mono<Map<OperationState, Long>> countByState() {
        return timed("count_by_state", delegate.countByState());
    }

    @Override
    public Mono<Long> expire(Instant now) {
        return timed("expire", delegate.expire(now));
    }

    /** The store this one measures. */
    public OperationStore delegate() {
        return delegate;
    }

    private <T> Mono<T> timed(String call, Mono<T> mono) {
        return Mono.defer(() -> {
            Timer.Sample sample = Timer.start(registry);
            return mono.doFinally(signal -> stop(sample, call, signal));
        });
    }

    private void stop(Timer.Sample sample, String call, SignalType signal) {
        String outcome =
                signal == SignalType.ON_ERROR ? "error" : signal == SignalType.CANCEL ? "cancelled" : "success";
        // Registering looks the meter up by its whole id: on the hottest reads that cost more than the read.
        sample.stop(timers.computeIfAbsent(call + '/' + outcome, key -> Timer.builder("opgate.store.duration")
                .description("Calls to the operation store")
                .tag("call", call)
                .tag("outcome", outcome)
                .register(registry)));
    }

    private void transition(String from, String to) {
        Counter.builder("opgate.operation.transitions")
                .description("Changes of an operation's state written by this instance")
                .tag("from", from)
                .tag("to", to)
                .register(registry)
                .increment();
    }

    private static String tag(OperationState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
