package io.opgate.gateway.tracking;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opgate.contracts.model.Operation;
import io.opgate.contracts.model.OperationError;
import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.spi.PollOutcome;
import io.opgate.contracts.spi.PollRequest;
import io.opgate.gateway.store.DueQueue;
import io.opgate.gateway.store.HandleTrackers;
import io.opgate.gateway.store.OperationStore;
import io.opgate.gateway.store.TrackedOperation;
import io.opgate.gateway.store.WatchRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
    /** How many claimed operations are read from the store at once. */
    private static final int CLAIM_READS = 256;
    /** The longest a poll waits in its lane for the backend's request budget before it is put off instead. */
    private static final Duration MAX_BUDGET_HOLD = Duration.ofSeconds(1);

    private final OperationStore store;
    private final HandleTrackers trackers;
    private final DueQueue queue;
    private final BackendRegistry backends;
    private final WatchRegistry watches;
    private final OutcomeApplier applier;
    private final PollIntervals intervals;
    private final PollingSettings settings;
    private final Clock clock;
    private final Scheduler timer;
    private final Timer lag;
    private final Map<String, Sinks.Many<List<Due>>> lanes = new HashMap<>();
    private final Map<String, Integer> batchSizes = new HashMap<>();
    private final Disposable.Composite running = Disposables.composite();

    public PollingEngine(
            OperationStore store,
            DueQueue queue,
            BackendRegistry backends,
            WatchRegistry watches,
            PollingSettings settings,
            PollIntervals intervals,
            HandleTrackers trackers,
            Clock clock,
            Scheduler timer,
            MeterRegistry meters) {
        for (Backend backend : backends.all()) {
            batchSizes.put(
                    backend.name(),
                    DiscoverySettings.of(backend.config())
                            .batchSizeFor(backend.adapter().capabilities()));
        }
        this.store = store;
        this.trackers = trackers;
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

    /**
     * An operation handed to its backend's lane, when it was due, and whether its queue saw it watched on another
     * replica.
     */
    private record Due(TrackedOperation op, Instant at, boolean watchedElsewhere) {}

    public OutcomeApplier applier() {
        return applier;
    }

    public PollIntervals intervals() {
        return intervals;
    }

    public void start() {
        for (Backend backend : backends.all()) {
            Sinks.Many<List<Due>> lane = Sinks.many().unicast().onBackpressureBuffer();
            lanes.put(backend.name(), lane);
            running.add(lane.asFlux()
                    .flatMap(
                            batch -> {
                                batch.forEach(due -> recordLag(due.at()));
                                return batched(backend)
                                        ? pollManyAndStore(backend, batch)
                                        : pollAndStore(backend, batch.get(0));
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

    /** Whether the operations of {@code backend} are polled together. */
    private boolean batched(Backend backend) {
        return batchSizes.getOrDefault(backend.name(), 1) > 1;
    }

    /**
     * Claims the due operations and hands each to its backend's lane; never fails. The operations of a backend that
     * polls many are handed over together, in batches of its batch size, once this tick's claims are read.
     */
    Mono<Void> dispatchDue() {
        Map<String, List<Due>> gathered = new HashMap<>();
        AtomicBoolean handedOver = new AtomicBoolean();
        Runnable handOver = () -> {
            if (handedOver.compareAndSet(false, true)) {
                gathered.forEach((backend, dues) -> emit(backend, dues));
            }
        };
        return queue.claimDue(clock.instant(), CLAIM_BATCH)
                // Read many at once, in claim order: one at a time cost a round trip each, so a replica whose Redis
                // connection was backed up held its claims (every operation due at that second) for seconds.
                .flatMapSequential(
                        claim -> store.find(claim.id())
                                .map(op -> new Due(op, claim.dueAt(), claim.watched()))
                                .switchIfEmpty(Mono.defer(
                                        () -> queue.remove(claim.id()).then(Mono.empty()))),
                        CLAIM_READS)
                .concatMap(due -> dispatch(due, gathered))
                .then(Mono.fromRunnable(handOver))
                .onErrorResume(e -> {
                    handOver.run();
                    log.warn("Dispatching due polls failed, retrying at the next tick: {}", e.toString());
                    return Mono.empty();
                })
                .then();
    }

    private Mono<Void> dispatch(Due due, Map<String, List<Due>> gathered) {
        TrackedOperation op = due.op();
        if (op.done()) {
            return queue.remove(op.id());
        }
        String backend = op.operation().backend();
        Sinks.Many<List<Due>> lane = lanes.get(backend);
        if (lane == null) {
            // Its backend is no longer configured: keep the operation as it is and look again later.
            return queue.schedule(op.id(), clock.instant().plus(intervals.max()));
        }
        int batchSize = batchSizes.getOrDefault(backend, 1);
        if (batchSize <= 1) {
            emit(backend, List.of(due));
            return Mono.empty();
        }
        List<Due> batch = gathered.computeIfAbsent(backend, b -> new ArrayList<>());
        batch.add(due);
        if (batch.size() >= batchSize) {
            gathered.remove(backend);
            emit(backend, batch);
        }
        return Mono.empty();
    }

    private void emit(String backend, List<Due> batch) {
        lanes.get(backend).emitNext(List.copyOf(batch), Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1)));
    }

    private void recordLag(Instant dueAt) {
        Duration late = Duration.between(dueAt, clock.instant());
        lag.record(late.isNegative() ? Duration.ZERO : late);
    }

    /**
     * Polls the backend once for {@code op} and stores what it said. When the backend's request budget is spent for
     * longer than a lane should hold a poll, this poll is skipped and the operation comes back at its next interval.
     */
    private Mono<Void> pollAndStore(Backend backend, Due due) {
        TokenBucket budget = backend.budget();
        if (budget == null) {
            return pollAndStoreNow(backend, due);
        }
        Instant now = clock.instant();
        Duration wait = budget.reserve(now, MAX_BUDGET_HOLD);
        if (wait.isNegative()) {
            return putOff(due, now, wait.negated());
        }
        return wait.isZero()
                ? pollAndStoreNow(backend, due)
                : Mono.delay(wait, timer).then(pollAndStoreNow(backend, due));
    }

    /** Schedules {@code due} at its next interval, or when the backend's request budget has a token if later. */
    private Mono<Void> putOff(Due due, Instant now, Duration budgetWait) {
        TrackedOperation op = due.op();
        Duration next = intervals.delay(op.interval(), watched(due), null);
        Duration later = next.compareTo(budgetWait) > 0 ? next : budgetWait;
        return queue.schedule(op.id(), now.plus(later)).onErrorResume(e -> Mono.empty());
    }

    private boolean watched(Due due) {
        return due.watchedElsewhere() || watches.isWatched(due.op().id());
    }

    /**
     * Polls a batch of one backend's due operations with one poll-many request, then stores each outcome as a single
     * poll's would be stored. One request takes one token of the request budget.
     */
    private Mono<Void> pollManyAndStore(Backend backend, List<Due> batch) {
        TokenBucket budget = backend.budget();
        if (budget == null) {
            return pollManyAndStoreNow(backend, batch);
        }
        Instant now = clock.instant();
        Duration wait = budget.reserve(now, MAX_BUDGET_HOLD);
        if (wait.isNegative()) {
            return Flux.fromIterable(batch)
                    .flatMap(due -> putOff(due, now, wait.negated()))
                    .then();
        }
        return wait.isZero()
                ? pollManyAndStoreNow(backend, batch)
                : Mono.delay(wait, timer).then(pollManyAndStoreNow(backend, batch));
    }

    private Mono<Void> pollManyAndStoreNow(Backend backend, List<Due> batch) {
        List<TrackedOperation> ops = batch.stream().map(Due::op).toList();
        boolean full = batch.size() >= batchSizes.getOrDefault(backend.name(), 1);
        return pollMany(backend, ops)
                .flatMapMany(outcomes -> Flux.fromIterable(batch)
                        .flatMap(
                                due -> store(backend, due, outcomes.get(due.op().id()), full)))
                .then();
    }

    private Mono<Void> pollAndStoreNow(Backend backend, Due due) {
        return poll(backend, due.op()).flatMap(outcome -> store(backend, due, outcome, false));
    }

    /** @param fullBatch whether the operation went out in a poll-many request of the backend's whole batch size */
    private Mono<Void> store(Backend backend, Due due, PollOutcome outcome, boolean fullBatch) {
        String id = due.op().id();
        return store.update(id, current -> applier.apply(current, outcome, clock.instant()))
                .flatMap(update -> afterPoll(backend, update, outcome, watched(due), fullBatch)
                        .thenReturn(true))
                .switchIfEmpty(Mono.defer(() -> queue.remove(id).thenReturn(false)))
                .then()
                .onErrorResume(e -> {
                    log.warn("Storing the poll of operation {} failed, retrying: {}", id, e.toString());
                    return queue.schedule(id, clock.instant().plus(intervals.initial()));
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
     * Asks the adapter about several operations of one backend in one poll-many call, with every rule of
     * {@link #poll}: while the circuit is open or the backend asked to be left alone, nothing goes out and each
     * operation fails as its single poll would. One call counts as one request for the circuit and the backend's
     * health. Operations that share a handle (two tenants tracking the same job) share its outcome; an operation the
     * adapter gave no outcome for fails.
     *
     * @return the outcome of every operation, by id
     */
    public Mono<Map<String, PollOutcome>> pollMany(Backend backend, List<TrackedOperation> ops) {
        return Mono.defer(() -> {
            Instant now = clock.instant();
            Duration paused = backend.pausedFor(now);
            if (!paused.isZero()) {
                Map<String, PollOutcome> outcomes = new HashMap<>();
                ops.forEach(op -> outcomes.put(
                        op.id(),
                        new PollOutcome.Throttled(
                                "backend paused until " + now.plus(paused) + " after " + backend.pauseReason(),
                                spread(op.id(), paused))));
                return Mono.just(outcomes);
            }
            if (!backend.circuit().tryAcquire(now)) {
                String last = backend.health().lastError();
                PollOutcome open = failed("circuit open after repeated failures" + (last == null ? "" : ": " + last));
                Map<String, PollOutcome> outcomes = new HashMap<>();
                ops.forEach(op -> outcomes.put(op.id(), open));
                return Mono.just(outcomes);
            }
            return sendMany(backend, ops);
        });
    }

    private Mono<Map<String, PollOutcome>> sendMany(Backend backend, List<TrackedOperation> ops) {
        Map<String, PollRequest> byHandle = new LinkedHashMap<>();
        ops.forEach(op -> byHandle.putIfAbsent(
                op.operation().handle(), new PollRequest(op.operation().handle(), op.params())));
        List<PollRequest> requests = List.copyOf(byHandle.values());
        AtomicBoolean ended = new AtomicBoolean();
        return Mono.defer(() -> {
                    backend.pollStarted();
                    return backend.adapter().pollMany(requests);
                })
                .timeout(
                        settings.timeout(),
                        Mono.fromSupplier(() -> allFailed(requests, "no answer within " + settings.timeout())),
                        timer)
                .onErrorResume(e -> Mono.just(
                        allFailed(requests, "adapter error: " + e.getClass().getSimpleName())))
                .defaultIfEmpty(allFailed(requests, "the adapter gave no outcome"))
                .map(byHandleOutcome -> {
                    Map<String, PollOutcome> outcomes = new HashMap<>();
                    ops.forEach(op -> {
                        PollOutcome outcome = byHandleOutcome.get(op.operation().handle());
                        outcomes.put(op.id(), outcome == null ? failed("the adapter gave no outcome") : outcome);
                    });
                    return outcomes;
                })
                .doOnNext(outcomes -> {
                    ended.set(true);
                    backend.pollEnded(representative(outcomes.values()), clock.instant());
                })
                .doOnCancel(() -> {
                    if (ended.compareAndSet(false, true)) {
                        backend.pollEnded(failed("poll abandoned"), clock.instant());
                    }
                });
    }

    private static Map<String, PollOutcome> allFailed(List<PollRequest> requests, String reason) {
        Map<String, PollOutcome> outcomes = new HashMap<>();
        requests.forEach(r -> outcomes.put(r.handle(), failed(reason)));
        return outcomes;
    }

    /**
     * What one poll-many request says about the backend as a whole: its usable answer if any handle got one, else a
     * failure, the one with a {@code Retry-After} when there is one.
     */
    private static PollOutcome representative(java.util.Collection<PollOutcome> outcomes) {
        PollOutcome failure = null;
        for (PollOutcome outcome : outcomes) {
            if (!(outcome instanceof PollOutcome.Failed failed)) {
                return outcome;
            }
            if (failure == null || failed.retryAfter() != null) {
                failure = failed;
            }
        }
        return failure == null ? failed("nothing was polled") : failure;
    }

    /**
     * When the next poll of an operation of {@code backend} is due, {@code delay} from now. For a backend that polls
     * many, an operation that did not go out in a full batch has its time moved back to the latest multiple of the
     * delay (counted from the epoch) after now, so that operations on the same interval come due at the same moments
     * and fill a batch; never earlier than a {@code Retry-After} asks, which moves it forward instead. The operations
     * of a full batch keep their own time: they come due together anyway, and moving them onto the same multiple
     * would gather every operation of the backend into one burst per interval, whose last polls start seconds late
     * (100,000 operations on a 30 s interval: a quarter of the polls started within 1 s of their time, all of them
     * without; {@code BENCHMARKS.md}, round 8).
     */
    Instant nextPollAt(Backend backend, Duration delay, @Nullable PollOutcome outcome, boolean fullBatch) {
        Instant at = clock.instant().plus(delay);
        boolean asked = outcome != null && outcome.retryAfter() != null;
        if (!batched(backend) || delay.toMillis() < settings.tick().toMillis() || (fullBatch && !asked)) {
            return at;
        }
        long grid = delay.toMillis();
        long millis = at.toEpochMilli();
        long aligned = asked ? -Math.floorDiv(-millis, grid) * grid : Math.floorDiv(millis, grid) * grid;
        Instant next = Instant.ofEpochMilli(aligned);
        return next.isAfter(clock.instant()) ? next : at;
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

    private Mono<Void> afterPoll(
            Backend backend, OperationStore.Update update, PollOutcome outcome, boolean watched, boolean fullBatch) {
        TrackedOperation after = update.after();
        logChange(update);
        if (after.done()) {
            Mono<Void> release = update.versionChanged() && !update.before().done()
                    ? noOtherTrackerActive(after)
                            .filter(Boolean::booleanValue)
                            .flatMap(sole -> backend.adapter()
                                    .release(new PollRequest(after.operation().handle(), after.params()))
                                    .timeout(settings.timeout(), timer))
                            .onErrorResume(e -> {
                                log.info("Releasing the handle of operation {} failed: {}", after.id(), e.toString());
                                return Mono.empty();
                            })
                    : Mono.empty();
            return queue.remove(after.id()).then(release);
        }
        return scheduleNext(backend, after, outcome, watched, fullBatch);
    }

    /**
     * Schedules the first poll of an operation just stored after its first poll (registered or discovered), as every
     * later poll is scheduled.
     */
    public Mono<Void> scheduleFirst(Backend backend, TrackedOperation stored, PollOutcome outcome) {
        return stored.done() ? Mono.empty() : scheduleNext(backend, stored, outcome, false, false);
    }

    /**
     * Schedules the next poll of the active {@code op} after {@code outcome}: its interval (capped while watched,
     * here or, as {@code watchedElsewhere} says, on another replica), never before a {@code Retry-After} or the end of
     * its backend's pause.
     */
    private Mono<Void> scheduleNext(
            Backend backend, TrackedOperation op, PollOutcome outcome, boolean watchedElsewhere, boolean fullBatch) {
        Instant now = clock.instant();
        boolean watched = watchedElsewhere || watches.isWatched(op.id());
        Duration delay =
                intervals.delay(op.interval(), watched, backend.limits().honoured(outcome.retryAfter()));
        // Nothing of a paused backend is due before its pause ends (polls held back by the pause carry a spread-out
        // Retry-After of their own, so that they do not all come back at once).
        Duration paused = backend.pausedFor(now);
        if (paused.compareTo(delay) > 0) {
            delay = paused;
        }
        return queue.schedule(op.id(), nextPollAt(backend, delay, outcome, fullBatch));
    }

    /** Which operations track each handle: registrations and discovery claim handles there. */
    public HandleTrackers trackers() {
        return trackers;
    }

    /**
     * Whether every other operation that tracks {@code done}'s handle (another tenant's, on a backend that shares
     * handles) is done or gone: a handle is released only when its last tracker is done. Each tracker checks after
     * its own end is stored, so the last of them to end sees every other one done.
     */
    private Mono<Boolean> noOtherTrackerActive(TrackedOperation done) {
        Operation op = done.operation();
        return trackers.trackers(op.backend(), op.handle())
                .flatMapMany(Flux::fromIterable)
                .filter(id -> !id.equals(done.id()))
                .concatMap(store::find)
                .any(other -> !other.done())
                .map(active -> !active);
    }

    /** A failure or a loss is news for an operator (INFO); every other change is chatter (DEBUG). */
    private static void logChange(OperationStore.Update update) {
        if (!update.versionChanged()) {
            return;
        }
        Operation op = update.after().operation();
        OperationState state = op.state();
        if (state != update.before().operation().state()
                && (state == OperationState.FAILED || state == OperationState.LOST)) {
            OperationError error = op.error();
            log.info(
                    "Operation {} on backend {} (handle {}, tenant {}) ended {}: {}{}",
                    op.id(),
                    op.backend(),
                    op.handle(),
                    update.after().tenant(),
                    state,
                    error == null ? "" : error.code(),
                    error == null || error.message() == null ? "" : " " + error.message());
        } else if (log.isDebugEnabled()) {
            log.debug(
                    "Operation {} on backend {}: {} version {}, progress {}",
                    op.id(),
                    op.backend(),
                    state,
                    op.version(),
                    op.progress().effectivePercent());
        }
    }

    /** Polls {@code id} soon, because someone started watching it or asked to cancel it. */
    public Mono<Void> expedite(TrackedOperation op) {
        if (op.done()) {
            return Mono.empty();
        }
        Instant now = clock.instant();
        Instant observed = op.operation().observedAt();
        Instant at = observed == null ? now : observed.plus(intervals.watched());
        return queue.scheduleEarlier(op.id(), at.isBefore(now) ? now : at);
    }

    @Override
    public void close() {
        running.dispose();
        lanes.values().forEach(Sinks.Many::tryEmitComplete);
    }
}
