package io.opgate.adapter.ontap;

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
import io.opgate.contracts.spi.PollOutcome;
import io.opgate.contracts.spi.PollRequest;
import io.opgate.contracts.spi.Secret;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Polls ONTAP jobs with {@code GET {base-url}/api/cluster/jobs/{uuid}} and cancels them with
 * {@code PATCH ...?action=cancel} (HTTP basic auth).
 *
 * <p>HTTP 404 with ONTAP's own error object, code {@code 4} ("entry doesn't exist"), is "not found": ONTAP deletes
 * finished jobs after a few minutes, and the gateway's grace and finality rules decide what that means. A 404 with any
 * other body (a proxy's HTML page, an empty answer, a wrong base URL) is an outage, never "not found". A cancel that ONTAP answers with its error object (e.g. 458784, "does not
 * support cancel") is {@link CancelOutcome.Refused} with ONTAP's message; so is a 404, because a job ONTAP no longer
 * knows cannot be cancelled however often the request is repeated. Transport failures, 401, 429 and 5xx are
 * {@link CancelOutcome.Failed}.
 *
 * <p>It declares every optional capability: discovery reads the job collection ({@link #discover}), and poll-many
 * asks for many uuids in one collection query ({@link #pollMany}).
 */
final class OntapAdapter implements BackendAdapter {

    private static final Logger log = LoggerFactory.getLogger(OntapAdapter.class);

    // The uuid goes into the URL path: hex groups joined by single dashes leave no room for '/', '..' or '%'.
    private static final Pattern HANDLE = Pattern.compile("(?=.{1,64}$)[0-9a-fA-F]+(-[0-9a-fA-F]+)*");

    private static final String JOBS = "/api/cluster/jobs/";

    /** ONTAP's error code for "entry doesn't exist". */
    static final String ENTRY_MISSING = "4";
    /** Uuids per poll-many request: 50 keeps the request line under 2 KB, which every proxy and ONTAP accept. */
    static final int DEFAULT_BATCH = 50;

    private static final AdapterCapabilities CAPABILITIES = new AdapterCapabilities(true, true, true, DEFAULT_BATCH);

    /** The most characters of escaped uuids in one poll-many URL. */
    static final int MAX_UUID_QUERY = 2000;

    private static final int DISCOVERY_PAGE = 500;

    private static final String NOT_LISTED = "not in ONTAP's job list";

    private static final DateTimeFormatter ENDED_SINCE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

    private final String name;
    private final String clusterUrl;
    private final AdapterContext context;
    private final Secret authorization;
    private final OntapMapper mapper;
    private final OntapJobCollection jobs;

    OntapAdapter(OntapConfig config, AdapterContext context) {
        this.name = config.name();
        this.clusterUrl = Objects.requireNonNull(config.clusterUrl(), "base-url");
        this.context = context;
        this.mapper = new OntapMapper(AdapterJson.MAPPER);
        this.authorization =
                BackendHttp.basicAuth(config.username(), Objects.requireNonNull(config.password(), "password"));
        this.jobs = new OntapJobCollection(clusterUrl, this::send, context.clock());
    }

    @Override
    public AdapterCapabilities capabilities() {
        return CAPABILITIES;
    }

    /**
     * Two queries of the job collection, each read to its last page: the jobs under way ({@code state=queued|running|
     * paused}) and those that ended within the window ({@code end_time=>=...}). A job that ends between the two is in
     * both; the second, later record wins.
     */
    @Override
    public Mono<DiscoveryOutcome> discover(DiscoveryRequest request) {
        String endedSince = ENDED_SINCE.format(request.endedSince());
        Mono<OntapJobCollection.Read> underWay = jobs.readAll(OntapJobCollection.query(
                "state",
                "queued|running|paused",
                "fields",
                OntapJobCollection.FIELDS,
                "max_records",
                String.valueOf(DISCOVERY_PAGE)));
        Mono<OntapJobCollection.Read> ended = jobs.readAll(OntapJobCollection.query(
                "state",
                "success|failure",
                "end_time",
                ">=" + endedSince,
                "fields",
                OntapJobCollection.FIELDS,
                "max_records",
                String.valueOf(DISCOVERY_PAGE)));
        return underWay.flatMap(first -> first instanceof OntapJobCollection.Read.Records
                        ? ended.map(second -> discovered(request, first, second))
                        : Mono.just(discovered(request, first, first)))
                .doOnNext(outcome -> log.debug("discovery on {}: {}", name, summary(outcome)));
    }

    private DiscoveryOutcome discovered(
            DiscoveryRequest request, OntapJobCollection.Read underWay, OntapJobCollection.Read ended) {
        for (OntapJobCollection.Read read : List.of(underWay, ended)) {
            if (read instanceof OntapJobCollection.Read.Failed failed) {
                return new DiscoveryOutcome.Failed(failed.reason(), failed.retryAfter());
            }
        }
        Map<String, DiscoveredOperation> byHandle = new LinkedHashMap<>();
        for (OntapJobCollection.Read read : List.of(underWay, ended)) {
            for (JsonNode record : ((OntapJobCollection.Read.Records) read).records()) {
                String uuid = JsonStrings.text(record, "uuid");
                if (uuid == null || validateHandle(uuid).isPresent()) {
                    continue;
                }
                if (mapper.map(record) instanceof PollOutcome.Observed observed
                        && request.wants(observed.observation().type())) {
                    byHandle.put(uuid.toLowerCase(Locale.ROOT), new DiscoveredOperation(uuid, observed));
                }
            }
        }
        return new DiscoveryOutcome.Listed(List.copyOf(byHandle.values()));
    }

    private static String summary(DiscoveryOutcome outcome) {
        return outcome instanceof DiscoveryOutcome.Listed listed
                ? listed.operations().size() + " jobs"
                : ((DiscoveryOutcome.Failed) outcome).reason();
    }

    /**
     * {@code GET /api/cluster/jobs?uuid=<a>|<b>|...&fields=...}, in as many requests as keep each URL under
     * {@value #MAX_UUID_QUERY} characters of uuids. A job the answer does not list is one ONTAP does not know (as a
     * single GET's 404 with ONTAP's error body says); a request without a usable answer fails its jobs only.
     */
    @Override
    public Mono<Map<String, PollOutcome>> pollMany(List<PollRequest> requests) {
        Map<String, PollOutcome> outcomes = new ConcurrentHashMap<>();
        List<List<String>> chunks = new ArrayList<>();
        List<String> chunk = new ArrayList<>();
        int length = 0;
        for (PollRequest request : requests) {
            String uuid = request.handle();
            if (validateHandle(uuid).isPresent()) {
                outcomes.put(uuid, PollOutcome.Failed.of("invalid job uuid"));
                continue;
            }
            if (!chunk.isEmpty() && length + uuid.length() + 3 > MAX_UUID_QUERY) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                length = 0;
            }
            chunk.add(uuid);
            length += uuid.length() + 3; // "%7C" between uuids
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return Flux.fromIterable(chunks)
                .flatMap(uuids -> pollChunk(uuids).doOnNext(outcomes::putAll))
                .then(Mono.fromSupplier(() -> Map.copyOf(outcomes)));
    }

    private Mono<Map<String, PollOutcome>> pollChunk(List<String> uuids) {
        return jobs.readAll(OntapJobCollection.query(
                        "uuid", String.join("|", uuids),
                        "fields", OntapJobCollection.FIELDS,
                        "max_records", String.valueOf(uuids.size())))
                .map(read -> {
                    Map<String, PollOutcome> outcomes = new LinkedHashMap<>();
                    if (read instanceof OntapJobCollection.Read.Failed failed) {
                        log.debug("poll of {} jobs on {} failed: {}", uuids.size(), name, failed.reason());
                        PollOutcome outcome = new PollOutcome.Failed(failed.reason(), failed.retryAfter());
                        uuids.forEach(uuid -> outcomes.put(uuid, outcome));
                        return outcomes;
                    }
                    Map<String, JsonNode> listed = new LinkedHashMap<>();
                    for (JsonNode record : ((OntapJobCollection.Read.Records) read).records()) {
                        String uuid = JsonStrings.text(record, "uuid");
                        if (uuid != null) {
                            listed.put(uuid.toLowerCase(Locale.ROOT), record);
                        }
                    }
                    for (String uuid : uuids) {
                        JsonNode record = listed.get(uuid.toLowerCase(Locale.ROOT));
                        outcomes.put(
                                uuid,
                                record == null
                                        ? new PollOutcome.NotFound(NOT_LISTED, null)
                                        : ReplyOutcomes.mapped(record, mapper::map));
                    }
                    return outcomes;
                });
    }

    @Override
    public Optional<String> validateHandle(String handle) {
        return HANDLE.matcher(handle).matches()
                ? Optional.empty()
                : Optional.of("an ONTAP job uuid consists of hexadecimal digits and dashes (at most 64 characters)");
    }

    @Override
    public Mono<PollOutcome> poll(PollRequest request) {
        String uuid = request.handle();
        if (validateHandle(uuid).isPresent()) {
            return Mono.just(PollOutcome.Failed.of("invalid job uuid"));
        }
        return send(BackendRequest.get(clusterUrl + JOBS + uuid))
                .map(reply -> ReplyOutcomes.read(reply, context.clock(), this::interpret))
                .onErrorResume(error -> Mono.just(PollOutcome.Failed.of(BackendHttp.describe(error))))
                .doOnNext(outcome -> {
                    if (outcome instanceof PollOutcome.Failed || outcome instanceof PollOutcome.Throttled) {
                        log.debug("poll of job {} on {}: {}", uuid, name, outcome);
                    }
                });
    }

    @Override
    public Mono<CancelOutcome> cancel(PollRequest request) {
        String uuid = request.handle();
        if (validateHandle(uuid).isPresent()) {
            return Mono.just(new CancelOutcome.Failed("invalid job uuid"));
        }
        return send(BackendRequest.of("PATCH", clusterUrl + JOBS + uuid + "?action=cancel", null))
                .map(this::cancelOutcome)
                .onErrorResume(error -> Mono.just(new CancelOutcome.Failed(BackendHttp.describe(error))))
                .doOnNext(outcome -> log.debug("cancel of job {} on {}: {}", uuid, name, outcome));
    }

    /** {@code request} with basic auth, as ONTAP's REST API takes it. */
    private Mono<BackendReply> send(BackendRequest request) {
        return context.transport()
                .send(request.header("authorization", authorization)
                        .header("accept", "application/hal+json, application/json"));
    }

    private PollOutcome interpret(BackendReply reply) {
        JsonNode answer = JsonStrings.parse(AdapterJson.MAPPER, reply.body());
        if (reply.status() == 404) {
            if (isEntryMissing(answer)) {
                return new PollOutcome.NotFound("HTTP 404, ONTAP error " + ENTRY_MISSING, answer);
            }
            return PollOutcome.Failed.of("HTTP 404 without ONTAP's not-found error ("
                    + (answer == null ? BackendHttp.notJson(reply) : "other JSON")
                    + "): wrong base-url, or a proxy answering");
        }
        if (!reply.successful()) {
            return PollOutcome.Failed.of("HTTP " + reply.status());
        }
        if (answer == null) {
            return PollOutcome.Failed.of(BackendHttp.notJson(reply));
        }
        return ReplyOutcomes.mapped(answer, mapper::map);
    }

    private CancelOutcome cancelOutcome(BackendReply reply) {
        if (reply.successful()) {
            return CancelOutcome.accepted();
        }
        int status = reply.status();
        if (status == 401 || status == 408 || status == 429 || status >= 500 || status < 400) {
            return new CancelOutcome.Failed("HTTP " + status);
        }
        String message = errorMessage(JsonStrings.parse(AdapterJson.MAPPER, reply.body()));
        if (message != null) {
            return new CancelOutcome.Refused(message);
        }
        return new CancelOutcome.Refused(status == 404 ? "ONTAP no longer knows this job" : "HTTP " + status);
    }

    /**
     * Whether {@code answer} is ONTAP's "entry doesn't exist" for the job: {@code {"error":{"code":"4",...}}}. ONTAP
     * answers an unknown API path with its error object too, but with another code ("3"), which is no job's absence.
     */
    static boolean isEntryMissing(@Nullable JsonNode answer) {
        if (answer == null || !answer.path("error").isObject()) {
            return false;
        }
        JsonNode code = answer.get("error").get("code");
        return code != null
                && (code.isString() && code.stringValue().trim().equals(ENTRY_MISSING)
                        || code.isIntegralNumber() && code.asString().equals(ENTRY_MISSING));
    }

    // ONTAP's error answer: {"error": {"message": "...", "code": "458784"}}.
    private static @Nullable String errorMessage(@Nullable JsonNode answer) {
        if (answer == null || !answer.path("error").isObject()) {
            return null;
        }
        return JsonStrings.text(answer.get("error"), "message");
    }

    @Override
    public String toString() {
        return "OntapAdapter[" + name + "]";
    }
}
