package io.opgate.gateway.tracking;

import io.opgate.contracts.spi.BackendAdapter;
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

    private final String name;
    private final BackendSettings settings;
    private final BackendAdapter adapter;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Until the first poll ends, {@code lastPollAt} is null: {@code GET /v1/backends} then says "not yet polled". */
    private final AtomicReference<Health> health = new AtomicReference<>(new Health(true, 0, null, null));

    private final AtomicReference<Pause> pause = new AtomicReference<>(Pause.NONE);
    private final BackendLimits limits;
    private final CircuitBreaker circuit;
    private final @Nullable TokenBucket budget;

    public Backend(String name, BackendSettings settings, BackendAdapter adapter) {
        this.name = name;
        this.settings = settings;
        this.adapter = adapter;
        this.limits = BackendLimits.of(settings);
        this.circuit = new CircuitBreaker(limits.circuitFailureThreshold(), limits.circuitProbeInterval());
        this.budget = limits.maxRequestsPerSecond() > 0 ? new TokenBucket(limits.maxRequestsPerSecond()) : null;
    }

    public String name() {
        return name;
    }

    public String type() {
        return settings.type();
    }

    /** The gateway's settings of this backend (the adapter has its own). */
    public BackendSettings config() {
        return settings;
    }

    public BackendAdapter adapter() {
        return adapter;
    }

    public int maxConcurrency() {
        return settings.maxConcurrency();
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
            Pause before = pause.getAndUpdate(p -> p.throttled(throttled, at, limits));
            if (!before.until().isAfter(at)) {
                Pause now = pause.get();
                log.info("Backend {} throttles ({}): no polls until {}", name(), now.reason(), now.until());
            }
            return;
        }
        Health before = health.getAndUpdate(h -> outcome instanceof PollOutcome.Failed failed
                ? new Health(false, h.consecutiveFailures() + 1, failed.reason(), at)
                : new Health(true, 0, null, at));
        CircuitBreaker.State circuitBefore = circuit.state();
        circuit.onResult(!(outcome instanceof PollOutcome.Failed), at);
        CircuitBreaker.State circuitAfter = circuit.state();
        if (outcome instanceof PollOutcome.Failed failed && failed.retryAfter() != null) {
            // A Retry-After speaks for the whole backend (a rate limit, maintenance), not just for this handle.
            Pause pausedBefore =
                    pause.getAndUpdate(p -> p.asked(failed.reason(), limits.honoured(failed.retryAfter()), at));
            Instant paused = pause.get().until();
            if (!pausedBefore.until().isAfter(at) && paused.isAfter(at)) {
                log.info("Backend {} asked to be left alone (Retry-After): no polls until {}", name(), paused);
            }
        } else {
            pause.updateAndGet(p -> p.answered(at));
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
            Duration asked = limits.honoured(outcome.retryAfter());
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
