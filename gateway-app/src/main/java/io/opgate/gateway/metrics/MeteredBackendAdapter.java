package io.opgate.gateway.metrics;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.opgate.contracts.spi.AdapterCapabilities;
import io.opgate.contracts.spi.BackendAdapter;
import io.opgate.contracts.spi.CancelOutcome;
import io.opgate.contracts.spi.DiscoveryOutcome;
import io.opgate.contracts.spi.DiscoveryRequest;
import io.opgate.contracts.spi.PollOutcome;
import io.opgate.contracts.spi.PollRequest;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;

/**
 * Measures each poll of one backend: {@code opgate.polls} counts them by outcome, and each poll runs in an
 * {@link Observation} named {@code opgate.poll.duration}, which gives the latency timer and, with tracing on, a span
 * whose context the backend request carries. A poll cut short (the engine's timeout) counts as failed.
 */
public final class MeteredBackendAdapter implements BackendAdapter {

    static final String POLLS = "opgate.polls";
    static final String POLL_DURATION = "opgate.poll.duration";

    /**
     * Where Spring and Reactor keep the current observation in a Reactor context ({@code
     * OBSERVATION_KEY}, spelt out so that context-propagation need not be on the class path).
     */
    public static final String OBSERVATION_KEY = "micrometer.observation";

    /** The outcome tag: what the engine made of the poll. */
    enum Outcome {
        OBSERVED,
        NOT_FOUND,
        THROTTLED,
        FAILED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Outcome of(PollOutcome outcome) {
            if (outcome instanceof PollOutcome.Observed) {
                return OBSERVED;
            }
            if (outcome instanceof PollOutcome.Throttled) {
                return THROTTLED;
            }
            return outcome instanceof PollOutcome.NotFound ? NOT_FOUND : FAILED;
        }
    }

    private final BackendAdapter delegate;
    private final String backend;
    private final ObservationRegistry observations;
    private final Map<Outcome, Counter> polls = new EnumMap<>(Outcome.class);

    public MeteredBackendAdapter(
            BackendAdapter delegate, String backend, MeterRegistry meters, ObservationRegistry observations) {
        this.delegate = delegate;
        this.backend = backend;
        this.observations = observations;
        for (Outcome outcome : Outcome.values()) {
            polls.put(
                    outcome,
                    Counter.builder(POLLS)
                            .description("Polls of a backend by outcome")
                            .tag("backend", backend)
                            .tag("outcome", outcome.tag())
                            .register(meters));
        }
    }

    @Override
    public Optional<String> validateHandle(String handle) {
        return delegate.validateHandle(handle);
    }

    @Override
    public Mono<PollOutcome> poll(PollRequest request) {
        return Mono.defer(() -> {
            Observation observation = Observation.createNotStarted(POLL_DURATION, observations)
                    .contextualName("opgate poll " + backend)
                    .lowCardinalityKeyValue("backend", backend);
            AtomicReference<Outcome> seen = new AtomicReference<>(Outcome.FAILED);
            return delegate.poll(request)
                    .doOnNext(outcome -> seen.set(Outcome.of(outcome)))
                    .doOnSubscribe(s -> observation.start())
                    .doFinally(signal -> {
                        polls.get(seen.get()).increment();
                        observation.lowCardinalityKeyValue(
                                KeyValue.of("outcome", seen.get().tag()));
                        observation.stop();
                    })
                    .contextWrite(context -> {
                        Observation parent = context.getOrDefault(OBSERVATION_KEY, null);
                        if (parent != null) {
                            observation.parentObservation(parent);
                        }
                        return context.put(OBSERVATION_KEY, observation);
                    });
        });
    }

    @Override
    public Mono<CancelOutcome> cancel(PollRequest request) {
        return delegate.cancel(request);
    }

    @Override
    public Mono<Void> release(PollRequest request) {
        return delegate.release(request);
    }

    @Override
    public AdapterCapabilities capabilities() {
        return delegate.capabilities();
    }

    @Override
    public Mono<DiscoveryOutcome> discover(DiscoveryRequest request) {
        return delegate.discover(request);
    }

    /** Counts each handle's outcome as one poll of that outcome, as if it had been polled alone. */
    @Override
    public Mono<Map<String, PollOutcome>> pollMany(List<PollRequest> requests) {
        return delegate.pollMany(requests).doOnNext(outcomes -> outcomes.values()
                .forEach(outcome -> polls.get(Outcome.of(outcome)).increment()));
    }
}
