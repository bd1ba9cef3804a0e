package io.opgate.simulator;

import reactor.core.publisher.Mono;

/** One vendor's simulated API: its operations and how it answers requests under its path prefix. */
interface VendorApi {

    Vendor vendor();

    /** The first path segment this API answers under, e.g. {@code ontap}. */
    String pathPrefix();

    OperationStore store();

    /** Answers one request; the path still starts with the prefix. Must not block. */
    Mono<SimResponse> handle(SimRequest request);
}
