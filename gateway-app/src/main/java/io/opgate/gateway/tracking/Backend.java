package io.opgate.gateway.tracking;

import io.opgate.contracts.spi.BackendAdapter;
import io.opgate.contracts.spi.BackendConfig;
import io.opgate.contracts.spi.PollOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One configured backend: its settings, its adapter, and the health of polling it as this instance sees it. */
public final class Backend {

    private static final Logger log = LoggerFactory.getLogger(Backend.class);

    private final BackendConfig config;
    private final BackendAdapter adapter;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Until the first poll ends, {@code lastPollAt} is null: {@code GET /v1/backends} then says "not yet polled". */
    private final AtomicReference<Health> health = new AtomicReference<>(new Health(true, 0, null, null));

    private final AtomicReference<Instant> pausedUntil = new AtomicReference<>(Instant.MIN);
    private final BackendLimits limits;
    private final CircuitBreaker circuit;
    private final @Nullable TokenBucket budget;

    public Backend(BackendConfig config, BackendAdapter adapter) {
        this.config = config;
        this.adapter = adapter;
        this.limits = BackendLimits.of(config);
        this.circuit = new CircuitBreaker(limits.circuitFailureThreshold(), limits.circuitProbeInterval());
        this.budget = limits.maxRequestsPerSecond() > 0 ? new TokenBucket(limits.maxRequestsPerSecond()) : null;
    }

    public String name() {
        return config.name();
    }

    public String type() {
        return config.type();
    }

    public BackendConfig config() {
        return config;
    }

    public BackendAdapter adapter() {
        return adapter;
    }

    public int maxConcurrency() {
        return config.maxConcurrency();
    }

    public int inFlight() {
        return inFlight.get();
    }

    void pollStarted() {
        inFlight.incrementAndGet();
    }

    void pollEnded(PollOutcome outcome, Instant at) {
        inFlight.decrementAndGet();
        Health before = health.getAndUpdate(h -> outcome instanceof PollOutcome.Failed failed
                ? new Health(false, h.consecutiveFailures() + 1, failed.reason(), at)
                : new Health(true, 0, null, at));
        CircuitBreaker.State circuitBefore = circuit.state();
        circuit.onResult(!(outcome instanceof PollOutcome.Failed), at);
        CircuitBreaker.State circuitAfter = circuit.state();
        Instant pausedBefore = pausedUntil.get();
        if (outcome instanceof PollOutcome.Failed failed && failed.retryAfter() != null) {
            // A Retry-After speaks for the whole backend (a rate limit, maintenance), not just for this handle.
            Instant until = at.plus(failed.retryAfter());
            Instant paused = pausedUntil.accumulateAndGet(until, (a, b) -> a.isAfter(b) ? a : b);
            if (!pausedBefore.isAfter(at) && paused.isAfter(at)) {
                log.info("Backend {} asked to be left alone (Retry-After): no polls until {}", name(), paused);
            }
        }
        logHealthChange(before, outcome, circuitBefore, circuitAfter);
    }

    /** One INFO line per change of health an operator acts on; nothing while it stays the same. */
    private void logHealthChange(
            Health before, PollOutcome outcome, CircuitBreaker.State circuitBefore, CircuitBreaker.State circuitAfter) {
        boolean failed = outcome instanceof PollOutcome.Failed;
        boolean firstPoll = before.lastPollAt() == null;
        if (failed && (before.reachable() || firstPoll)) {
            log.info("Backend {} is unreachable: {}", name(), ((PollOutcome.Failed) outcome).reason());
        } else if (!failed && !before.reachable() && !firstPoll) {
            log.info("Backend {} recovered after {} failed polls", name(), before.consecutiveFailures());
        } else if (!failed && firstPoll) {
            log.debug("Backend {} answered its first poll", name());
        }
        if (circuitBefore != CircuitBreaker.State.OPEN && circuitAfter == CircuitBreaker.State.OPEN) {
            if (circuitBefore == CircuitBreaker.State.CLOSED) {
                log.info(
                        "Backend {}: circuit open after {} failed polls in a row; one probe poll every {}",
                        name(),
                        limits.circuitFailureThreshold(),
                        limits.circuitProbeInterval());
            } else {
                log.debug("Backend {}: probe poll failed, circuit stays open", name());
            }
        } else if (circuitBefore != CircuitBreaker.State.CLOSED && circuitAfter == CircuitBreaker.State.CLOSED) {
            log.info("Backend {}: circuit closed, polling resumes", name());
        }
    }

    public BackendLimits limits() {
        return limits;
    }

    public CircuitBreaker circuit() {
        return circuit;
    }

    /** The request budget, null when {@code max-requests-per-second} is not set. */
    @Nullable
    TokenBucket budget() {
        return budget;
    }

    /** How long the backend asked, with its last {@code Retry-After}, to be left alone from {@code now}; zero if not. */
    Duration pausedFor(Instant now) {
        Instant until = pausedUntil.get();
        return until.isAfter(now) ? Duration.between(now, until) : Duration.ZERO;
    }

    public Health health() {
        return health.get();
    }

    /**
     * How polling this backend goes, from the last poll of any of its operations.
     *
     * @param reachable whether the last poll got a usable answer
     * @param consecutiveFailures failed polls in a row, across operations
     * @param lastError the last failure's reason, null after a usable answer
     * @param lastPollAt when the last poll ended, null before the first
     */
    public record Health(
            boolean reachable, int consecutiveFailures, @Nullable String lastError, @Nullable Instant lastPollAt) {}
}
