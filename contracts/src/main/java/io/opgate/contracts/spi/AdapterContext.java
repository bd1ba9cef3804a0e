package io.opgate.contracts.spi;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What the gateway gives an adapter when it creates it.
 *
 * @param transport how the adapter sends its requests: the gateway's connection pool, TLS settings, limits and trace
 *     headers are applied there; adapters add their URLs, headers and auth to each {@link BackendRequest}
 * @param clock the gateway's clock: adapters use it for every "now" (token expiry, request dates), so that tests
 *     can control time
 * @param requestTimeout how long one backend request may take; the transport bounds each exchange by it and fails
 *     it with a {@link BackendTransport.Failure}, which an adapter reports as {@link PollOutcome.Failed}
 */
public record AdapterContext(BackendTransport transport, Clock clock, Duration requestTimeout) {

    public AdapterContext {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
    }
}
