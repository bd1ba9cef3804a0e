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
    private final AtomicReference<Pause> pause = new AtomicReference<>(Pause.NONE);
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
        if (outcome instanceof PollOutcome.Throttled throttled) {
            // Neither a usable answer nor a failure: health and circuit keep what they knew, the pause does the rest.
            health.updateAndGet(
                    h -> new Health(h.reachable(), h.consecutiveFailures(), "throttled: " + throttled.reason(), at));
            circuit.onThrottled(at);
            pause.updateAndGet(p -> p.throttled(throttled, at, limits));
            return;
        }
        health.updateAndGet(h -> outcome instanceof PollOutcome.Failed failed
                ? new Health(false, h.consecutiveFailures() + 1, failed.reason(), at)
                : new Health(true, 0, null, at));
        circuit.onResult(!(outcome instanceof PollOutcome.Failed), at);
        if (outcome instanceof PollOutcome.Failed failed && failed.retryAfter() != null) {
            // A Retry-After speaks for the whole backend (a rate limit, maintenance), not just for this handle.
            pause.updateAndGet(p -> p.asked(failed.reason(), failed.retryAfter(), at));
        } else {
            pause.updateAndGet(p -> p.answered(at));
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

    /**
     * How long the backend is paused from {@code now}, because it throttled or asked with {@code Retry-After} to be left
     * alone; zero if it is not.
     */
    Duration pausedFor(Instant now) {
        Instant until = pause.get().until();
        return until.isAfter(now) ? Duration.between(now, until) : Duration.ZERO;
    }

    /** Until when the backend is paused, null when it is not paused at {@code now}. */
    public @Nullable Instant pausedUntil(Instant now) {
        Instant until = pause.get().until();
        return until.isAfter(now) ? until : null;
    }

    /** Why the backend is paused (the answer that paused it), null when it never was. */
    public @Nullable String pauseReason() {
        return pause.get().reason();
    }

    public Health health() {
        return health.get();
    }

    /**
     * Whether, and until when, the backend is paused.
     *
     * @param until the end of the pause ({@link Instant#MIN} when it never was paused)
     * @param streak throttled answers without {@code Retry-After} in a row, each of which doubled the backoff
     * @param reason the answer that paused it, e.g. {@code HTTP 400 Throttling.User}
     */
    record Pause(Instant until, int streak, @Nullable String reason) {

        static final Pause NONE = new Pause(Instant.MIN, 0, null);

        /**
         * After a throttled answer: paused for its {@code Retry-After}, or for the next step of the backoff. Answers to
         * polls that went out before the pause began do not count as another throttle in a row: a lane of eight polls
         * throttled together is one throttle, not eight doublings.
         */
        Pause throttled(PollOutcome.Throttled outcome, Instant at, BackendLimits limits) {
            boolean ongoing = until.isAfter(at);
            Duration asked = outcome.retryAfter();
            int nextStreak = asked != null ? streak : ongoing ? Math.max(streak, 1) : streak + 1;
            Duration wait = asked != null ? asked : limits.throttlePause(nextStreak);
            String why = asked != null ? outcome.reason() + " (Retry-After " + seconds(asked) + ")" : outcome.reason();
            Instant end = at.plus(wait);
            return new Pause(end.isAfter(until) ? end : until, nextStreak, why);
        }

        /** After a failure that asked with {@code Retry-After} to be left alone. */
        Pause asked(String failure, Duration wait, Instant at) {
            Instant end = at.plus(wait);
            String why = failure + " (Retry-After " + seconds(wait) + ")";
            return end.isAfter(until) ? new Pause(end, streak, why) : this;
        }

        /** After any other answer: a backend that answered once its pause was over is no longer throttling. */
        Pause answered(Instant at) {
            return streak == 0 || until.isAfter(at) ? this : new Pause(until, 0, reason);
        }

        private static String seconds(Duration d) {
            return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
        }
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
