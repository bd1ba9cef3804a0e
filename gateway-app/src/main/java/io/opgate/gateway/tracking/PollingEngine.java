package io.opgate.gateway.tracking;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opgate.contracts.spi.PollOutcome;
import io.opgate.contracts.spi.PollRequest;
import io.opgate.gateway.store.OperationStore;
import io.opgate.gateway.store.TrackedOperation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * Polls every active operation when it is due. A timer claims due operations from the {@link DueQueue} and hands each
 * to its backend's lane; a lane runs at most {@code max-concurrency} polls at once, so a slow or dead backend fills
 * only its own lane. Each poll is bounded by {@code polling.timeout}; its outcome goes through the
 * {@link OutcomeApplier} into the store, and the operation is scheduled again unless it is done.
 */
public final class PollingEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PollingEngine.class);
    private static final int CLAIM_BATCH = 5_000;
    /** The longest a poll waits in its lane for the backend's request budget before it is put off instead. */
    private static final Duration MAX_BUDGET_HOLD = Duration.ofSeconds(1);

    private final OperationStore store;
    private final DueQueue queue;
    private final BackendRegistry backends;
    private final WatchRegistry watches;
    private final OutcomeApplier applier;
    private final PollIntervals intervals;
    private final PollingSettings settings;
    private final Clock clock;
    private final Scheduler timer;
    private final Timer lag;
    private final Map<String, Sinks.Many<Due>> lanes = new HashMap<>();
    private final Disposable.Composite running = Disposables.composite();

    public PollingEngine(
            OperationStore store,
            DueQueue queue,
            BackendRegistry backends,
            WatchRegistry watches,
            PollingSettings settings,
            PollIntervals intervals,
            Clock clock,
            Scheduler timer) {
        this(store, queue, backends, watches, settings, intervals, clock, timer, new SimpleMeterRegistry());
    }

    public PollingEngine(
            OperationStore store,
            DueQueue queue,
            BackendRegistry backends,
            WatchRegistry watches,
            PollingSettings settings,
            PollIntervals intervals,
            Clock clock,
            Scheduler timer,
            MeterRegistry meters) {
        this.store = store;
        this.queue = queue;
        this.backends = backends;
        this.watches = watches;
        this.settings = settings;
        this.intervals = intervals;
        this.applier = new OutcomeApplier(settings, intervals);
        this.clock = clock;
        this.timer = timer;
        // Measured where a lane starts the poll, so a full lane's queueing counts as lag too.
        this.lag = Timer.builder("opgate.poll.lag")
                .description("How long after its due time each poll starts")
                .publishPercentiles(0.5, 0.99, 0.999)
                .serviceLevelObjectives(
                        Duration.ofMillis(100),
                        Duration.ofMillis(250),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(5))
                .register(meters);
    }

    /** An operation handed to its backend's lane, and when it was due (null when the queue does not say). */
    private record Due(TrackedOperation op, @Nullable Instant at) {}

    public OutcomeApplier applier() {
        return applier;
    }

    public PollIntervals intervals() {
        return intervals;
    }

    public void start() {
        for (Backend backend : backends.all()) {
            Sinks.Many<Due> lane = Sinks.many().unicast().onBackpressureBuffer();
            lanes.put(backend.name(), lane);
            running.add(lane.asFlux()
                    .flatMap(
                            due -> {
                                recordLag(due.at());
                                return pollAndStore(backend, due.op());
                            },
                            backend.maxConcurrency())
                    .subscribe());
        }
        running.add(Flux.interval(settings.tick(), timer)
                .onBackpressureDrop()
                .concatMap(tick -> dispatchDue(), 1)
                .subscribe());
        Duration sweep = settings.retention().dividedBy(10).compareTo(Duration.ofMinutes(1)) < 0
                ? settings.retention().dividedBy(10).plusMillis(1)
                : Duration.ofMinutes(1);
        running.add(Flux.interval(sweep, timer)
                .onBackpressureDrop()
                .concatMap(tick -> store.expire(clock.instant()).onErrorResume(e -> {
                    log.warn("Expiring done operations failed: {}", e.toString());
                    return Mono.empty();
                }))
                .subscribe());
    }

    /** Claims the due operations and hands each to its backend's lane; never fails. */
    Mono<Void> dispatchDue() {
        return queue.claimDueWithTimes(clock.instant(), CLAIM_BATCH)
                .concatMap(claim -> store.find(claim.id())
                        .flatMap(op -> dispatch(op, claim.dueAt()).thenReturn(op))
                        .switchIfEmpty(Mono.defer(() -> queue.remove(claim.id()).then(Mono.empty()))))
                .then()
                .onErrorResume(e -> {
                    log.warn("Dispatching due polls failed, retrying at the next tick: {}", e.toString());
                    return Mono.empty();
                });
    }

    private Mono<Void> dispatch(TrackedOperation op, @Nullable Instant dueAt) {
        if (op.done()) {
            return queue.remove(op.id());
        }
        Sinks.Many<Due> lane = lanes.get(op.operation().backend());
        if (lane == null) {
            // Its backend is no longer configured: keep the operation as it is and look again later.
            return queue.schedule(op.id(), clock.instant().plus(settings.maxInterval()));
        }
        lane.emitNext(new Due(op, dueAt), Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
        return Mono.empty();
    }

    private void recordLag(@Nullable Instant dueAt) {
        if (dueAt != null) {
            Duration late = Duration.between(dueAt, clock.instant());
            lag.record(late.isNegative() ? Duration.ZERO : late);
        }
    }

    /**
     * Polls the backend once for {@code op} and stores what it said. When the backend's request budget is spent for
     * longer than a lane should hold a poll, this poll is skipped and the operation comes back at its next interval.
     */
    Mono<Void> pollAndStore(Backend backend, TrackedOperation op) {
        TokenBucket budget = backend.budget();
        if (budget == null) {
            return pollAndStoreNow(backend, op);
        }
        Instant now = clock.instant();
        Duration wait = budget.reserve(now, MAX_BUDGET_HOLD);
        if (wait.isNegative()) {
            Duration next = intervals.delay(op.interval(), watches.isWatched(op.id()), null);
            Duration later = next.compareTo(wait.negated()) > 0 ? next : wait.negated();
            return queue.schedule(op.id(), now.plus(later)).onErrorResume(e -> Mono.empty());
        }
        return wait.isZero()
                ? pollAndStoreNow(backend, op)
                : Mono.delay(wait, timer).then(pollAndStoreNow(backend, op));
    }

    private Mono<Void> pollAndStoreNow(Backend backend, TrackedOperation op) {
        String id = op.id();
        return poll(backend, op)
                .flatMap(outcome -> store.update(id, current -> applier.apply(current, outcome, clock.instant()))
                        .flatMap(update -> afterPoll(backend, update, outcome).thenReturn(true))
                        .switchIfEmpty(Mono.defer(() -> queue.remove(id).thenReturn(false))))
                .then()
                .onErrorResume(e -> {
                    log.warn("Storing the poll of operation {} failed, retrying: {}", id, e.toString());
                    return queue.schedule(id, clock.instant().plus(settings.initialInterval()));
                })
                // The store may be unreachable for the schedule too: its claim then lapses and it is polled again,
                // while the lane lives on.
                .onErrorResume(e -> Mono.empty());
    }

    /**
     * Asks the adapter, turning every way a poll can go wrong into a {@link PollOutcome.Failed}. While the backend is
     * paused (it throttled, or asked with {@code Retry-After} to be left alone) no request goes out and the outcome is
     * {@link PollOutcome.Throttled}, saying until when; while its circuit is open, a failure that says so. Either way
     * the operation's backend status stays true and the give-up period runs.
     */
    public Mono<PollOutcome> poll(Backend backend, TrackedOperation op) {
        return Mono.defer(() -> {
            Instant now = clock.instant();
            Duration paused = backend.pausedFor(now);
            if (!paused.isZero()) {
                return Mono.just(new PollOutcome.Throttled(
                        "backend paused until " + now.plus(paused) + " after " + backend.pauseReason(),
                        spread(op.id(), paused)));
            }
            if (!backend.circuit().tryAcquire(now)) {
                String last = backend.health().lastError();
                return Mono.just(failed("circuit open after repeated failures" + (last == null ? "" : ": " + last)));
            }
            return send(backend, op);
        });
    }

    private Mono<PollOutcome> send(Backend backend, TrackedOperation op) {
        PollRequest request = new PollRequest(op.operation().handle(), op.params());
        AtomicBoolean ended = new AtomicBoolean();
        return Mono.defer(() -> {
                    backend.pollStarted();
                    return backend.adapter().poll(request);
                })
                .timeout(
                        settings.timeout(),
                        Mono.fromSupplier(() -> failed("no answer within " + settings.timeout())),
                        timer)
                .onErrorResume(
                        e -> Mono.just(failed("adapter error: " + e.getClass().getSimpleName())))
                .defaultIfEmpty(failed("the adapter gave no outcome"))
                .doOnNext(outcome -> {
                    ended.set(true);
                    backend.pollEnded(outcome, clock.instant());
                })
                // A poll abandoned half-way (shutdown) must not leave a half-open circuit waiting for it forever.
                .doOnCancel(() -> {
                    if (ended.compareAndSet(false, true)) {
                        backend.pollEnded(failed("poll abandoned"), clock.instant());
                    }
                });
    }

    /**
     * {@code wait} plus up to half again, the same for the same operation every time: operations held back together
     * come back spread out rather than in one burst.
     */
    static Duration spread(String id, Duration wait) {
        long extra = (long) (wait.toMillis() * 0.5 * (Math.floorMod(id.hashCode(), 1000) / 1000.0));
        return wait.plusMillis(extra);
    }

    private static PollOutcome failed(String reason) {
        return PollOutcome.Failed.of(reason);
    }

    private Mono<Void> afterPoll(Backend backend, OperationStore.Update update, PollOutcome outcome) {
        TrackedOperation after = update.after();
        if (after.done()) {
            Mono<Void> release = update.versionChanged() && !update.before().done()
                    ? backend.adapter()
                            .release(new PollRequest(after.operation().handle(), after.params()))
                            .timeout(settings.timeout(), timer)
                            .onErrorResume(e -> {
                                log.info("Releasing the handle of operation {} failed: {}", after.id(), e.toString());
                                return Mono.empty();
                            })
                    : Mono.empty();
            return queue.remove(after.id()).then(release);
        }
        Instant now = clock.instant();
        Duration delay = intervals.delay(after.interval(), watches.isWatched(after.id()), outcome);
        // Nothing of a paused backend is due before its pause ends (polls held back by the pause carry a spread-out
        // Retry-After of their own, so that they do not all come back at once).
        Duration paused = backend.pausedFor(now);
        if (paused.compareTo(delay) > 0) {
            delay = paused;
        }
        return queue.schedule(after.id(), now.plus(delay));
    }

    /** Polls {@code id} soon, because someone started watching it or asked to cancel it. */
    public Mono<Void> expedite(TrackedOperation op) {
        if (op.done()) {
            return Mono.empty();
        }
        Instant now = clock.instant();
        Instant observed = op.operation().observedAt();
        Instant at = observed == null ? now : observed.plus(settings.watchedInterval());
        return queue.scheduleEarlier(op.id(), at.isBefore(now) ? now : at);
    }

    @Override
    public void close() {
        running.dispose();
        lanes.values().forEach(Sinks.Many::tryEmitComplete);
    }
}
