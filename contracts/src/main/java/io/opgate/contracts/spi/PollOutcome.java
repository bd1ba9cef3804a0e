package io.opgate.contracts.spi;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The outcome of one poll: exactly one of {@link Observed}, {@link NotFound} or {@link Failed}.
 *
 * <p>Only {@link Observed} may change an operation's normalized content. {@link NotFound} counts towards the
 * not-found grace (after {@code polling.not-found-grace} in a row the gateway declares the operation LOST, unless it
 * already ended). {@link Failed} changes nothing but the operation's backend status and schedule.
 */
public sealed interface PollOutcome {

    /** A usable answer, mapped, with the raw payload it came from (shown with {@code ?view=full}). */
    record Observed(Observation observation, JsonNode raw) implements PollOutcome {
        public Observed {
            Objects.requireNonNull(observation, "observation");
            Objects.requireNonNull(raw, "raw");
        }
    }

    /**
     * The backend says it does not know the handle.
     *
     * @param detail a short, secret-free explanation (e.g. the backend's error name)
     * @param raw the backend's answer, when it had a body
     */
    record NotFound(String detail, @Nullable JsonNode raw) implements PollOutcome {}

    /**
     * The poll gave no usable answer (unreachable, timeout, reset, 5xx, garbage, an error the backend says is
     * transient) and is worth retrying.
     *
     * @param reason a short, secret-free description, shown in the operation's backend status
     * @param retryAfter how long the backend asked us to wait (HTTP 429/503 {@code Retry-After}), or null
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
