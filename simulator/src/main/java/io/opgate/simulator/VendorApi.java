package io.opgate.simulator;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** One vendor's simulated API: its operations and how it answers requests under its path prefix. */
interface VendorApi {

    Vendor vendor();

    /** The first path segment this API answers under, e.g. {@code ontap}. */
    String pathPrefix();

    OperationStore store();

    /** Answers one request; the path still starts with the prefix. Must not block. */
    Mono<SimResponse> handle(SimRequest request);

    /**
     * The vendor's "slow down": HTTP 429 with its own error body unless the vendor has another way, with
     * {@code Retry-After} when given.
     */
    SimResponse throttled(@Nullable Duration retryAfter);

    /** {@code answer} with {@code Retry-After} in whole seconds, or as it is when there is none. */
    static SimResponse withRetryAfter(SimResponse answer, @Nullable Duration retryAfter) {
        return retryAfter == null ? answer : answer.withHeader("Retry-After", Long.toString(retryAfter.toSeconds()));
    }
}
