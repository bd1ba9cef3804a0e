package io.opgate.adapter.ontap;

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
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
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
 */
final class OntapAdapter implements BackendAdapter {

    private static final Logger log = LoggerFactory.getLogger(OntapAdapter.class);

    // The uuid goes into the URL path: hex groups joined by single dashes leave no room for '/', '..' or '%'.
    private static final Pattern HANDLE = Pattern.compile("(?=.{1,64}$)[0-9a-fA-F]+(-[0-9a-fA-F]+)*");

    private static final String JOBS = "/api/cluster/jobs/";

    /** ONTAP's error code for "entry doesn't exist". */
    static final String ENTRY_MISSING = "4";

    private final String name;
    private final String clusterUrl;
    private final Duration timeout;
    private final AdapterContext context;
    private final HttpClient client;
    private final OntapMapper mapper;

    OntapAdapter(OntapConfig config, AdapterContext context) {
        this.name = config.name();
        this.clusterUrl = Objects.requireNonNull(config.clusterUrl(), "base-url");
        this.timeout = context.requestTimeout();
        this.context = context;
        this.mapper = new OntapMapper(context.json());
        Secret authorization =
                BackendHttp.basicAuth(config.username(), Objects.requireNonNull(config.password(), "password"));
        this.client = context.httpClient().responseTimeout(timeout).headers(headers -> {
            headers.set(HttpHeaderNames.AUTHORIZATION, authorization.reveal());
            headers.set(HttpHeaderNames.ACCEPT, "application/hal+json, application/json");
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
        return BackendHttp.exchange(client.get().uri(clusterUrl + JOBS + uuid), timeout)
                .map(reply -> ReplyOutcomes.read(reply, context.clock(), this::interpret))
                .onErrorResume(error -> Mono.just(PollOutcome.Failed.of(BackendHttp.describe(error, timeout))))
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
        return BackendHttp.exchange(client.patch().uri(clusterUrl + JOBS + uuid + "?action=cancel"), timeout)
                .map(this::cancelOutcome)
                .onErrorResume(error -> Mono.just(new CancelOutcome.Failed(BackendHttp.describe(error, timeout))))
                .doOnNext(outcome -> log.debug("cancel of job {} on {}: {}", uuid, name, outcome));
    }

    private PollOutcome interpret(BackendHttp.Reply reply) {
        JsonNode answer = JsonStrings.parse(context.json(), reply.body());
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
        try {
            return mapper.map(answer);
        } catch (RuntimeException e) {
            return PollOutcome.Failed.of("unexpected answer (" + e.getClass().getSimpleName() + ")");
        }
    }

    private CancelOutcome cancelOutcome(BackendHttp.Reply reply) {
        if (reply.successful()) {
            return CancelOutcome.accepted();
        }
        int status = reply.status();
        if (status == 401 || status == 408 || status == 429 || status >= 500 || status < 400) {
            return new CancelOutcome.Failed("HTTP " + status);
        }
        String message = errorMessage(JsonStrings.parse(context.json(), reply.body()));
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
