package io.opgate.gateway.support;

import io.opgate.contracts.model.OperationError;
import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.model.Progress;
import io.opgate.contracts.spi.AdapterCapabilities;
import io.opgate.contracts.spi.BackendAdapter;
import io.opgate.contracts.spi.CancelOutcome;
import io.opgate.contracts.spi.DiscoveredOperation;
import io.opgate.contracts.spi.DiscoveryOutcome;
import io.opgate.contracts.spi.DiscoveryRequest;
import io.opgate.contracts.spi.Observation;
import io.opgate.contracts.spi.PollOutcome;
import io.opgate.contracts.spi.PollRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * An adapter whose answers a test sets per handle. It records when each handle was polled and how many polls ran at
 * once, per handle and in all.
 */
public final class ScriptedAdapter implements BackendAdapter {

    private final Map<String, PollOutcome> answers = new ConcurrentHashMap<>();
    private final Map<String, CancelOutcome> cancels = new ConcurrentHashMap<>();
    private final Map<String, List<Instant>> polls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlightByHandle = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger maxInFlightPerHandle = new AtomicInteger();
    private final Clock clock;
    private final Scheduler delays;
    private volatile Duration latency = Duration.ZERO;
    private volatile AdapterCapabilities capabilities = AdapterCapabilities.POLL_ONLY;
    private final List<List<String>> batches = new CopyOnWriteArrayList<>();
    private final List<Instant> discoveries = new CopyOnWriteArrayList<>();
    private final List<String> releases = new CopyOnWriteArrayList<>();
    private volatile DiscoveryOutcome listing = new DiscoveryOutcome.Listed(List.of());

    public ScriptedAdapter(Clock clock, Scheduler delays) {
        this.clock = clock;
        this.delays = delays;
    }

    public ScriptedAdapter() {
        this(Clock.systemUTC(), Schedulers.parallel());
    }

    public static PollOutcome running(double percent) {
        return observed(Observation.builder(OperationState.RUNNING)
                .type("test")
                .progress(Progress.of(percent, null, null, "working"))
                .build());
    }

    public static PollOutcome queued() {
        return observed(Observation.builder(OperationState.QUEUED).type("test").build());
    }

    public static PollOutcome succeeded() {
        return observed(Observation.builder(OperationState.SUCCEEDED)
                .type("test")
                .result(JsonNodeFactory.instance.objectNode().put("answer", 42))
                .endedAt(Instant.parse("2025-01-13T06:56:56.756Z"))
                .build());
    }

    public static PollOutcome failed(String code) {
        return observed(Observation.builder(OperationState.FAILED)
                .type("test")
                .error(OperationError.of(code, "it broke"))
                .build());
    }

    public static PollOutcome observed(Observation observation) {
        return new PollOutcome.Observed(
                observation, JsonNodeFactory.instance.objectNode().put("raw", true));
    }

    public ScriptedAdapter answer(String handle, PollOutcome outcome) {
        answers.put(handle, outcome);
        return this;
    }

    public ScriptedAdapter cancelAnswer(String handle, CancelOutcome outcome) {
        cancels.put(handle, outcome);
        return this;
    }

    /** Declares {@code capabilities}; with poll-many, {@link #pollMany} answers each handle from the script. */
    public ScriptedAdapter capabilities(AdapterCapabilities capabilities) {
        this.capabilities = capabilities;
        return this;
    }

    /** What {@link #discover} answers from now on. */
    public ScriptedAdapter listing(DiscoveryOutcome listing) {
        this.listing = listing;
        return this;
    }

    /** Lists {@code handles} with their scripted answers (each must be observed). */
    public ScriptedAdapter lists(String... handles) {
        List<DiscoveredOperation> listed = new java.util.ArrayList<>();
        for (String handle : handles) {
            listed.add(new DiscoveredOperation(handle, (PollOutcome.Observed) answers.get(handle)));
        }
        return listing(new DiscoveryOutcome.Listed(listed));
    }

    /** The handles of each poll-many call, in order. */
    public List<List<String>> batches() {
        return List.copyOf(batches);
    }

    /** When each discovery was asked for. */
    public List<Instant> discoveries() {
        return List.copyOf(discoveries);
    }

    @Override
    public AdapterCapabilities capabilities() {
        return capabilities;
    }

    @Override
    public Mono<DiscoveryOutcome> discover(DiscoveryRequest request) {
        return Mono.fromSupplier(() -> {
            discoveries.add(clock.instant());
            return listing;
        });
    }

    /** One call, however many handles: each handle is recorded as polled and answered from the script. */
    @Override
    public Mono<Map<String, PollOutcome>> pollMany(List<PollRequest> requests) {
        return Mono.defer(() -> {
            batches.add(requests.stream().map(PollRequest::handle).toList());
            Map<String, PollOutcome> outcomes = new java.util.HashMap<>();
            for (PollRequest request : requests) {
                polls.computeIfAbsent(request.handle(), h -> new CopyOnWriteArrayList<>())
                        .add(clock.instant());
                outcomes.put(
                        request.handle(),
                        answers.getOrDefault(request.handle(), new PollOutcome.NotFound("unknown test handle", null)));
            }
            int all = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(all, Math::max);
            Mono<Map<String, PollOutcome>> result = latency.isZero()
                    ? Mono.just(outcomes)
                    : Mono.delay(latency, delays).thenReturn(outcomes);
            return result.doFinally(signal -> inFlight.decrementAndGet());
        });
    }

    public ScriptedAdapter latency(Duration latency) {
        this.latency = latency;
        return this;
    }

    public List<Instant> polls(String handle) {
        return List.copyOf(polls.getOrDefault(handle, List.of()));
    }

    /** Gives each handle {@code answer} and waits until each has been polled since: the gateway has seen it. */
    public void answerAndAwaitPolls(List<String> handles, PollOutcome answer, Duration within) {
        Map<String, Integer> before = new java.util.HashMap<>();
        for (String handle : handles) {
            answer(handle, answer);
            before.put(handle, polls(handle).size());
        }
        Awaitility.await("a poll of each handle after its answer changed")
                .atMost(within)
                .until(() -> handles.stream().allMatch(h -> polls(h).size() > before.get(h)));
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    public int maxInFlightPerHandle() {
        return maxInFlightPerHandle.get();
    }

    @Override
    public Optional<String> validateHandle(String handle) {
        return handle.startsWith("bad") ? Optional.of("test handles do not start with 'bad'") : Optional.empty();
    }

    @Override
    public Mono<PollOutcome> poll(PollRequest request) {
        return Mono.defer(() -> {
            String handle = request.handle();
            polls.computeIfAbsent(handle, h -> new CopyOnWriteArrayList<>()).add(clock.instant());
            int all = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(all, Math::max);
            int mine = inFlightByHandle
                    .computeIfAbsent(handle, h -> new AtomicInteger())
                    .incrementAndGet();
            maxInFlightPerHandle.accumulateAndGet(mine, Math::max);
            PollOutcome answer = answers.getOrDefault(handle, new PollOutcome.NotFound("unknown test handle", null));
            Mono<PollOutcome> result = latency.isZero()
                    ? Mono.just(answer)
                    : Mono.delay(latency, delays).thenReturn(answer);
            // Counted down before the answer travels on, so the next poll it lets start is not counted twice.
            java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();
            Runnable end = () -> {
                if (ended.compareAndSet(false, true)) {
                    inFlight.decrementAndGet();
                    inFlightByHandle.get(handle).decrementAndGet();
                }
            };
            return result.doOnSuccess(v -> end.run()).doOnCancel(end).doOnError(e -> end.run());
        });
    }

    /** Records the release; which handles were released, in order, is {@link #releases()}. */
    @Override
    public Mono<Void> release(PollRequest request) {
        return Mono.fromRunnable(() -> releases.add(request.handle()));
    }

    /** The handles released so far, in order (a handle twice if it was released twice). */
    public List<String> releases() {
        return List.copyOf(releases);
    }

    @Override
    public Mono<CancelOutcome> cancel(PollRequest request) {
        return Mono.just(
                cancels.getOrDefault(request.handle(), new CancelOutcome.Unsupported("test backend cannot cancel")));
    }
}
