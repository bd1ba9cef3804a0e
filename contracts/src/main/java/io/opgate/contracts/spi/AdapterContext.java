package io.opgate.contracts.spi;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.ObjectMapper;

/**
 * What the gateway gives an adapter when it creates it.
 *
 * @param httpClient a Reactor Netty client with the gateway's connection pool and TLS settings; adapters add their
 *     base URL, headers and auth to it and must not block
 * @param clock the gateway's clock: adapters use it for every "now" (token expiry, request dates), so that tests
 *     can control time
 * @param requestTimeout how long one backend request may take; an adapter bounds each request by it and reports
 *     the timeout as {@link PollOutcome.Failed}
 * @param json the gateway's JSON mapper
 */
public record AdapterContext(HttpClient httpClient, Clock clock, Duration requestTimeout, ObjectMapper json) {

    public AdapterContext {
        Objects.requireNonNull(httpClient, "httpClient");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(json, "json");
    }
}
