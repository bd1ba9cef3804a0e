package io.opgate.adapter.support;

import io.opgate.contracts.spi.BackendReply;
import io.opgate.contracts.spi.PollOutcome;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The part of reading a backend's answer that is the same for every vendor: HTTP 429 and 503 are
 * {@link PollOutcome.Throttled}, and the answer's {@code Retry-After} travels on whatever outcome the answer becomes.
 *
 * <p>It exists so that {@code Retry-After} is parsed in one place and no adapter can forget it on one of its outcomes,
 * as happened when each adapter checked the statuses itself.
 */
public final class ReplyOutcomes {

    private ReplyOutcomes() {}

    /**
     * The outcome {@code reply} stands for: what {@code vendor} reads in it (which may itself be
     * {@link PollOutcome.Throttled}, for a vendor's own "slow down" code), except that HTTP 429 and 503 are throttled
     * whatever the body says (with the vendor's reason when it read a failure); either way with the reply's
     * {@code Retry-After}, read against {@code clock}.
     */
    public static PollOutcome read(BackendReply reply, Clock clock, Function<BackendReply, PollOutcome> vendor) {
        PollOutcome outcome = vendor.apply(reply);
        if (reply.asksToWait() && !(outcome instanceof PollOutcome.Throttled)) {
            outcome = PollOutcome.Throttled.of(
                    outcome instanceof PollOutcome.Failed failed ? failed.reason() : "HTTP " + reply.status());
        }
        return withRetryAfter(outcome, BackendHttp.retryAfter(reply.retryAfter(), clock));
    }

    /**
     * What {@code mapper} makes of a vendor's {@code answer}; an answer of a shape the mapper trips over is a failed
     * poll naming the kind of error, never an exception out of the adapter.
     */
    public static PollOutcome mapped(JsonNode answer, Function<JsonNode, PollOutcome> mapper) {
        try {
            return mapper.apply(answer);
        } catch (RuntimeException e) {
            return PollOutcome.Failed.of("unexpected answer (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** {@code outcome} carrying {@code retryAfter}; the outcome itself when {@code retryAfter} is null. */
    public static PollOutcome withRetryAfter(PollOutcome outcome, @Nullable Duration retryAfter) {
        if (retryAfter == null) {
            return outcome;
        }
        if (outcome instanceof PollOutcome.Observed o) {
            return new PollOutcome.Observed(o.observation(), o.raw(), retryAfter);
        }
        if (outcome instanceof PollOutcome.NotFound n) {
            return new PollOutcome.NotFound(n.detail(), n.raw(), retryAfter);
        }
        if (outcome instanceof PollOutcome.Throttled t) {
            return new PollOutcome.Throttled(t.reason(), retryAfter);
        }
        return new PollOutcome.Failed(((PollOutcome.Failed) outcome).reason(), retryAfter);
    }
}
