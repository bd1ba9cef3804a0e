package io.opgate.contracts.spi;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The outcome of one poll: exactly one of {@link Observed}, {@link NotFound}, {@link Throttled} or {@link Failed}.
 *
 * <p>Only {@link Observed} may change an operation's normalized content. {@link NotFound} counts towards the
 * not-found grace (after {@code polling.not-found-grace} in a row the gateway declares the operation LOST, unless it
 * already ended). {@link Throttled} pauses the whole backend (for its {@link #retryAfter()}, or a growing backoff
 * when it gives none). {@link Failed} changes nothing but the operation's backend status and schedule.
 *
 * <p>Every outcome carries the backend's {@code Retry-After}, when its answer had one: on {@link Throttled} it is how
 * long the whole backend is paused, on any other outcome the least time before this operation is polled again.
 */
public sealed interface PollOutcome {

    /** How long the backend asked to be left alone ({@code Retry-After}), or null when it did not say. */
    @Nullable
    Duration retryAfter();

    /** A usable answer, mapped, with the raw payload it came from (shown with {@code ?view=full}). */
    record Observed(Observation observation, JsonNode raw, @Nullable Duration retryAfter) implements PollOutcome {
        public Observed {
            Objects.requireNonNull(observation, "observation");
            Objects.requireNonNull(raw, "raw");
        }

        public Observed(Observation observation, JsonNode raw) {
            this(observation, raw, null);
        }
    }

    /**
     * The backend says, in its own words, that it does not know the handle: its own error body, error name or code,
     * never a bare HTTP 404 (which a proxy or a wrong base URL answers just as well).
     *
     * @param detail a short, secret-free explanation (e.g. the backend's error name)
     * @param raw the backend's answer, when it had a body
     */
    record NotFound(String detail, @Nullable JsonNode raw, @Nullable Duration retryAfter) implements PollOutcome {
        public NotFound {
            Objects.requireNonNull(detail, "detail");
        }

        public NotFound(String detail, @Nullable JsonNode raw) {
            this(detail, raw, null);
        }
    }

    /**
     * The backend says "slow down" (HTTP 429 or 503, or a vendor code such as Alibaba's {@code Throttling.User} on
     * HTTP 400). The gateway pauses every poll of the backend for {@code retryAfter}, or for a growing backoff when it
     * is null.
     *
     * @param reason a short, secret-free description (e.g. {@code HTTP 400 Throttling.User})
     */
    record Throttled(String reason, @Nullable Duration retryAfter) implements PollOutcome {
        public Throttled {
            Objects.requireNonNull(reason, "reason");
        }

        public static Throttled of(String reason) {
            return new Throttled(reason, null);
        }
    }

    /**
     * The poll gave no usable answer (unreachable, timeout, reset, 5xx, garbage, an error the backend says is
     * transient) and is worth retrying.
     *
     * @param reason a short, secret-free description, shown in the operation's backend status
     * @param retryAfter how long the backend asked us to wait ({@code Retry-After}), or null
     */
    record Failed(String reason, @Nullable Duration retryAfter) implements PollOutcome {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }

        public static Failed of(String reason) {
            return new Failed(reason, null);
        }
    }
}
