package io.opgate.adapter.solidfire;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.opgate.adapter.support.BackendHttp;
import io.opgate.adapter.support.JsonStrings;
import io.opgate.adapter.support.ReplyOutcomes;
import io.opgate.contracts.spi.AdapterContext;
import io.opgate.contracts.spi.BackendAdapter;
import io.opgate.contracts.spi.CancelOutcome;
import io.opgate.contracts.spi.PollOutcome;
import io.opgate.contracts.spi.PollRequest;
import io.opgate.contracts.spi.Secret;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Polls SolidFire Element async handles with {@code GetAsyncResult} (JSON-RPC over {@code POST {base-url}}, HTTP
 * basic auth).
 *
 * <p>Every poll sends {@code keepResult: true}, so that a poll never destroys a result another client may still
 * want; {@link #release} sends the one {@code keepResult: false} call, and only when {@code release-handles} is set.
 * SolidFire cannot cancel a single async handle: {@link #cancel} answers {@link CancelOutcome.Unsupported}.
 */
final class SolidFireAdapter implements BackendAdapter {

    private static final Logger log = LoggerFactory.getLogger(SolidFireAdapter.class);

    // asyncHandle is a JSON integer; one spelling per handle, so that "7" and "007" are not two operations.
    private static final Pattern HANDLE = Pattern.compile("0|[1-9][0-9]{0,17}");

    private static final String CONTENT_TYPE = "application/json-rpc";

    private final String name;
    private final String endpoint;
    private final boolean releaseHandles;
    private final Duration timeout;
    private final AdapterContext context;
    private final HttpClient client;
    private final SolidFireMapper mapper;
    private final AtomicLong requestIds = new AtomicLong();

    SolidFireAdapter(SolidFireConfig config, AdapterContext context) {
        this.name = config.name();
        this.endpoint = Objects.requireNonNull(config.baseUrl(), "base-url");
        this.releaseHandles = config.releaseHandles();
        this.timeout = context.requestTimeout();
        this.context = context;
        this.mapper = new SolidFireMapper(context.json());
        Secret authorization =
                BackendHttp.basicAuth(config.username(), Objects.requireNonNull(config.password(), "password"));
        this.client = context.httpClient().responseTimeout(timeout).headers(headers -> {
            headers.set(HttpHeaderNames.AUTHORIZATION, authorization.reveal());
            headers.set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE);
            headers.set(HttpHeaderNames.ACCEPT, "application/json");
        });
    }

    @Override
    public Optional<String> validateHandle(String handle) {
        return HANDLE.matcher(handle).matches()
                ? Optional.empty()
                : Optional.of("a SolidFire asyncHandle is a non-negative integer without leading zeros");
    }

    @Override
    public Mono<PollOutcome> poll(PollRequest request) {
        if (validateHandle(request.handle()).isPresent()) {
            return Mono.just(PollOutcome.Failed.of("invalid asyncHandle"));
        }
        return getAsyncResult(request.handle(), true)
                .map(reply -> ReplyOutcomes.read(reply, context.clock(), this::interpret))
                .onErrorResume(error -> Mono.just(PollOutcome.Failed.of(BackendHttp.describe(error, timeout))))
                .doOnNext(outcome -> {
                    if (outcome instanceof PollOutcome.Failed || outcome instanceof PollOutcome.Throttled) {
                        log.debug("poll of async handle {} on {}: {}", request.handle(), name, outcome);
                    }
                });
    }

    /** Does nothing: SolidFire has no way to cancel a single async handle. */
    @Override
    public Mono<CancelOutcome> cancel(PollRequest request) {
        return Mono.just(new CancelOutcome.Unsupported("SolidFire cannot cancel a single async handle"));
    }

    /** Sends {@code keepResult: false} once, when {@code release-handles} is true; otherwise does nothing. */
    @Override
    public Mono<Void> release(PollRequest request) {
        if (!releaseHandles || validateHandle(request.handle()).isPresent()) {
            return Mono.empty();
        }
        return getAsyncResult(request.handle(), false)
                .doOnNext(reply -> {
                    if (!reply.successful()) {
                        log.debug("release of async handle {} on {}: HTTP {}", request.handle(), name, reply.status());
                    }
                })
                .onErrorResume(error -> {
                    log.debug(
                            "release of async handle {} on {} failed: {}",
                            request.handle(),
                            name,
                            BackendHttp.describe(error, timeout));
                    return Mono.empty();
                })
                .then();
    }

    private Mono<BackendHttp.Reply> getAsyncResult(String handle, boolean keepResult) {
        return Mono.defer(() -> {
            ObjectNode body = context.json().createObjectNode();
            body.put("method", "GetAsyncResult");
            body.putObject("params").put("asyncHandle", Long.parseLong(handle)).put("keepResult", keepResult);
            body.put("id", requestIds.incrementAndGet());
            return BackendHttp.exchange(
                    BackendHttp.post(client, endpoint, context.json().writeValueAsBytes(body)), timeout);
        });
    }

    private PollOutcome interpret(BackendHttp.Reply reply) {
        JsonNode answer = JsonStrings.parse(context.json(), reply.body());
        // A JSON-RPC error is read whatever the HTTP status, so xDBNoSuchPath is "not found" even behind a 500; a 404
        // without one (a proxy's page, a wrong endpoint) is an outage.
        if (reply.successful() || SolidFireMapper.isMethodError(answer)) {
            if (answer == null) {
                return PollOutcome.Failed.of(BackendHttp.notJson(reply));
            }
            return mapSafely(answer);
        }
        return PollOutcome.Failed.of("HTTP " + reply.status());
    }

    private PollOutcome mapSafely(JsonNode answer) {
        try {
            return mapper.map(answer);
        } catch (RuntimeException e) {
            return PollOutcome.Failed.of("unexpected answer (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public String toString() {
        return "SolidFireAdapter[" + name + "]";
    }
}
