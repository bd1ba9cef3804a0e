package io.opgate.adapter.solidfire;

import io.opgate.adapter.support.AdapterJson;
import io.opgate.adapter.support.BackendHttp;
import io.opgate.adapter.support.JsonStrings;
import io.opgate.adapter.support.ReplyOutcomes;
import io.opgate.contracts.spi.AdapterCapabilities;
import io.opgate.contracts.spi.AdapterContext;
import io.opgate.contracts.spi.BackendAdapter;
import io.opgate.contracts.spi.BackendReply;
import io.opgate.contracts.spi.BackendRequest;
import io.opgate.contracts.spi.CancelOutcome;
import io.opgate.contracts.spi.DiscoveredOperation;
import io.opgate.contracts.spi.DiscoveryOutcome;
import io.opgate.contracts.spi.DiscoveryRequest;
import io.opgate.contracts.spi.Observation;
import io.opgate.contracts.spi.PollOutcome;
import io.opgate.contracts.spi.PollRequest;
import io.opgate.contracts.spi.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Polls SolidFire Element async handles with {@code GetAsyncResult} (JSON-RPC over {@code POST {base-url}}, HTTP
 * basic auth).
 *
 * <p>Every poll sends {@code keepResult: true}, so that a poll never destroys a result another client may still
 * want; {@link #release} sends the one {@code keepResult: false} call, and only when {@code release-handles} is set.
 * SolidFire cannot cancel a single async handle: {@link #cancel} answers {@link CancelOutcome.Unsupported}.
 *
 * <p>Discovery and poll-many both read {@code ListAsyncResults}, which lists every async result the cluster keeps and
 * never releases one.
 */
final class SolidFireAdapter implements BackendAdapter {

    private static final Logger log = LoggerFactory.getLogger(SolidFireAdapter.class);

    // asyncHandle is a JSON integer; one spelling per handle, so that "7" and "007" are not two operations.
    private static final Pattern HANDLE = Pattern.compile("0|[1-9][0-9]{0,17}");

    private static final String CONTENT_TYPE = "application/json-rpc";

    /**
     * {@code ListAsyncResults} answers for every handle at once, so a batch is bounded only by what one answer should
     * carry.
     */
    static final int DEFAULT_BATCH = 10_000;

    private static final AdapterCapabilities CAPABILITIES = new AdapterCapabilities(false, true, true, DEFAULT_BATCH);

    private static final String NOT_LISTED = "not in ListAsyncResults";

    private final String name;
    private final String endpoint;
    private final boolean releaseHandles;
    private final AdapterContext context;
    private final Secret authorization;
    private final SolidFireMapper mapper;
    private final AtomicLong requestIds = new AtomicLong();

    SolidFireAdapter(SolidFireConfig config, AdapterContext context) {
        this.name = config.name();
        this.endpoint = Objects.requireNonNull(config.baseUrl(), "base-url");
        this.releaseHandles = config.releaseHandles();
        this.context = context;
        this.mapper = new SolidFireMapper(AdapterJson.MAPPER);
        this.authorization =
                BackendHttp.basicAuth(config.username(), Objects.requireNonNull(config.password(), "password"));
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
                .onErrorResume(error -> Mono.just(PollOutcome.Failed.of(BackendHttp.describe(error))))
                .doOnNext(outcome -> {
                    if (outcome instanceof PollOutcome.Failed || outcome instanceof PollOutcome.Throttled) {
                        log.debug("poll of async handle {} on {}: {}", request.handle(), name, outcome);
                    }
                });
    }

    @Override
    public AdapterCapabilities capabilities() {
        return CAPABILITIES;
    }

    /**
     * One {@code ListAsyncResults} (with {@code asyncResultTypes} when types are asked for): every result still running,
     * and the completed ones last updated within the window. Listing never releases a result.
     */
    @Override
    public Mono<DiscoveryOutcome> discover(DiscoveryRequest request) {
        return listAsyncResults(request.types())
                .map(listing -> listing instanceof Listing.Failed failed
                        ? new DiscoveryOutcome.Failed(failed.reason(), failed.retryAfter())
                        : discovered(request, ((Listing.Entries) listing).byHandle()))
                .doOnNext(outcome -> log.debug(
                        "discovery on {}: {}", name, outcome.getClass().getSimpleName()));
    }

    private DiscoveryOutcome discovered(DiscoveryRequest request, Map<String, JsonNode> entries) {
        List<DiscoveredOperation> found = new ArrayList<>();
        entries.forEach((handle, entry) -> {
            if (mapper.mapListed(entry) instanceof PollOutcome.Observed observed) {
                Observation observation = observed.observation();
                boolean recent = !observation.state().isTerminal()
                        || observation.updatedAt() == null
                        || !observation.updatedAt().isBefore(request.endedSince());
                if (recent && request.wants(observation.type())) {
                    found.add(new DiscoveredOperation(handle, observed));
                }
            }
        });
        return new DiscoveryOutcome.Listed(found);
    }

    /**
     * One {@code ListAsyncResults} for any number of handles: each is read from its entry as {@code GetAsyncResult}
     * would read it, and a handle SolidFire does not list is one it does not know (as {@code xDBNoSuchPath} says to a
     * single poll).
     */
    @Override
    public Mono<Map<String, PollOutcome>> pollMany(List<PollRequest> requests) {
        if (requests.isEmpty()) {
            return Mono.just(Map.of());
        }
        return listAsyncResults(Set.of()).map(listing -> {
            Map<String, PollOutcome> outcomes = new LinkedHashMap<>();
            for (PollRequest request : requests) {
                String handle = request.handle();
                PollOutcome outcome;
                if (validateHandle(handle).isPresent()) {
                    outcome = PollOutcome.Failed.of("invalid asyncHandle");
                } else if (listing instanceof Listing.Failed failed) {
                    outcome = new PollOutcome.Failed(failed.reason(), failed.retryAfter());
                } else {
                    JsonNode entry = ((Listing.Entries) listing).byHandle().get(handle);
                    outcome = entry == null
                            ? new PollOutcome.NotFound(NOT_LISTED, null)
                            : ReplyOutcomes.mapped(entry, mapper::mapListed);
                }
                outcomes.put(handle, outcome);
            }
            return outcomes;
        });
    }

    /** The entries of one {@code ListAsyncResults}, by their {@code asyncResultID}, or why there are none. */
    private sealed interface Listing {
        record Entries(Map<String, JsonNode> byHandle) implements Listing {}

        record Failed(String reason, @Nullable Duration retryAfter) implements Listing {}
    }

    private Mono<Listing> listAsyncResults(Set<String> types) {
        return Mono.defer(() -> {
                    ObjectNode body = AdapterJson.MAPPER.createObjectNode();
                    body.put("method", "ListAsyncResults");
                    ObjectNode params = body.putObject("params");
                    if (!types.isEmpty()) {
                        var array = params.putArray("asyncResultTypes");
                        types.stream().sorted().forEach(array::add);
                    }
                    body.put("id", requestIds.incrementAndGet());
                    return call(body);
                })
                .map(this::listing)
                .onErrorResume(error -> Mono.just(new Listing.Failed(BackendHttp.describe(error), null)))
                .doOnNext(listing -> {
                    if (listing instanceof Listing.Failed failed) {
                        log.debug("ListAsyncResults on {} failed: {}", name, failed.reason());
                    }
                });
    }

    private Listing listing(BackendReply reply) {
        if (reply.asksToWait()) {
            return new Listing.Failed(
                    "HTTP " + reply.status(), BackendHttp.retryAfter(reply.retryAfter(), context.clock()));
        }
        JsonNode answer = JsonStrings.parse(AdapterJson.MAPPER, reply.body());
        if (SolidFireMapper.isMethodError(answer)) {
            PollOutcome error = mapper.map(answer);
            return new Listing.Failed(
                    error instanceof PollOutcome.Failed failed ? failed.reason() : "JSON-RPC error", null);
        }
        if (!reply.successful()) {
            return new Listing.Failed("HTTP " + reply.status(), null);
        }
        if (answer == null) {
            return new Listing.Failed(BackendHttp.notJson(reply), null);
        }
        JsonNode handles = answer.path("result").path("asyncHandles");
        if (!handles.isArray()) {
            return new Listing.Failed("unexpected answer: no result.asyncHandles", null);
        }
        Map<String, JsonNode> byHandle = new LinkedHashMap<>();
        for (JsonNode entry : handles) {
            JsonNode id = entry.get("asyncResultID");
            if (id != null && id.isIntegralNumber() && id.bigIntegerValue().signum() >= 0) {
                byHandle.put(id.bigIntegerValue().toString(), entry);
            }
        }
        return new Listing.Entries(byHandle);
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
                            BackendHttp.describe(error));
                    return Mono.empty();
                })
                .then();
    }

    private Mono<BackendReply> getAsyncResult(String handle, boolean keepResult) {
        return Mono.defer(() -> {
            ObjectNode body = AdapterJson.MAPPER.createObjectNode();
            body.put("method", "GetAsyncResult");
            body.putObject("params").put("asyncHandle", Long.parseLong(handle)).put("keepResult", keepResult);
            body.put("id", requestIds.incrementAndGet());
            return call(body);
        });
    }

    /** One JSON-RPC call, sent whole with basic auth. */
    private Mono<BackendReply> call(ObjectNode body) {
        return context.transport()
                .send(BackendRequest.post(endpoint, AdapterJson.MAPPER.writeValueAsBytes(body))
                        .header("authorization", authorization)
                        .header("content-type", CONTENT_TYPE)
                        .header("accept", "application/json"));
    }

    private PollOutcome interpret(BackendReply reply) {
        JsonNode answer = JsonStrings.parse(AdapterJson.MAPPER, reply.body());
        // A JSON-RPC error is read whatever the HTTP status, so xDBNoSuchPath is "not found" even behind a 500; a 404
        // without one (a proxy's page, a wrong endpoint) is an outage.
        if (reply.successful() || SolidFireMapper.isMethodError(answer)) {
            if (answer == null) {
                return PollOutcome.Failed.of(BackendHttp.notJson(reply));
            }
            return ReplyOutcomes.mapped(answer, mapper::map);
        }
        return PollOutcome.Failed.of("HTTP " + reply.status());
    }

    @Override
    public String toString() {
        return "SolidFireAdapter[" + name + "]";
    }
}
