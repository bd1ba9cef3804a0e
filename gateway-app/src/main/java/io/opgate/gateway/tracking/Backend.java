package io.opgate.gateway.tracking;

import io.opgate.contracts.spi.BackendAdapter;
import io.opgate.contracts.spi.BackendConfig;
import io.opgate.contracts.spi.PollOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/** One configured backend: its settings, its adapter, and the health of polling it as this instance sees it. */
public final class Backend {

    private final BackendConfig config;
    private final BackendAdapter adapter;
    private final AtomicInteger inFlight = new AtomicInteger();
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
        health.updateAndGet(h -> outcome instanceof PollOutcome.Failed failed
                ? new Health(false, h.consecutiveFailures() + 1, failed.reason(), at)
                : new Health(true, 0, null, at));
        circuit.onResult(!(outcome instanceof PollOutcome.Failed), at);
        if (outcome instanceof PollOutcome.Failed failed && failed.retryAfter() != null) {
            // A Retry-After speaks for the whole backend (a rate limit, maintenance), not just for this handle.
            Instant until = at.plus(failed.retryAfter());
            pausedUntil.accumulateAndGet(until, (a, b) -> a.isAfter(b) ? a : b);
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
