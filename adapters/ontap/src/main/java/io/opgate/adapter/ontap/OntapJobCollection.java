package io.opgate.adapter.ontap;

import io.opgate.adapter.support.AdapterJson;
import io.opgate.adapter.support.BackendHttp;
import io.opgate.adapter.support.JsonStrings;
import io.opgate.contracts.spi.BackendReply;
import io.opgate.contracts.spi.BackendRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Reads a query of ONTAP's job collection ({@code GET /api/cluster/jobs?...}) whole: the first page, then every page
 * its {@code _links.next} names, into one list of job records.
 *
 * <p>A page that fails or is not a collection fails the whole read, so that a partial list is never taken for the
 * whole (poll-many would report the missing jobs as not found). A {@code next} link is followed only when it is a
 * path of the job collection on the configured cluster: backend URLs come from configuration, never from answers.
 */
final class OntapJobCollection {

    /** The fields poll-many and discovery ask for: every field a single job GET maps. */
    static final String FIELDS = "uuid,description,state,message,code,start_time,end_time,error";

    /** How many pages one read follows at most, against a backend whose next links go round in circles. */
    static final int MAX_PAGES = 1000;

    private static final String COLLECTION = "/api/cluster/jobs";
    // What a next link's query may hold once re-escaped; anything else is not followed.
    private static final Pattern SAFE_QUERY = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@/?%-]*");

    private final String clusterUrl;
    private final Function<BackendRequest, Mono<BackendReply>> send;
    private final Clock clock;

    /** {@code send} sends a request with the cluster's credentials. */
    OntapJobCollection(String clusterUrl, Function<BackendRequest, Mono<BackendReply>> send, Clock clock) {
        this.clusterUrl = clusterUrl;
        this.send = send;
        this.clock = clock;
    }

    /** The outcome of reading a query whole: its records, or why not. */
    sealed interface Read {
        record Records(List<JsonNode> records, int requests) implements Read {}

        record Failed(String reason, @Nullable Duration retryAfter) implements Read {}
    }

    /** The query string for {@code field=value&...}, each value escaped (ONTAP's {@code |}, {@code >=}, ...). */
    static String query(String... fieldsAndValues) {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i + 1 < fieldsAndValues.length; i += 2) {
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(fieldsAndValues[i])
                    .append('=')
                    .append(URLEncoder.encode(fieldsAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return query.toString();
    }

    /** Every record of {@code GET /api/cluster/jobs?{query}}, following {@code _links.next}. */
    Mono<Read> readAll(String query) {
        return page(clusterUrl + COLLECTION + "?" + query, new ArrayList<>(), 1);
    }

    private Mono<Read> page(String url, List<JsonNode> records, int pages) {
        return Mono.defer(() -> send.apply(BackendRequest.get(url)))
                .map(reply -> interpret(reply, records))
                .onErrorResume(error -> Mono.just(new Read.Failed(BackendHttp.describe(error), null)))
                .flatMap(step -> {
                    if (step instanceof Read.Failed failed) {
                        return Mono.just(failed);
                    }
                    String next = ((Next) step).href();
                    if (next == null) {
                        return Mono.just(new Read.Records(records, pages));
                    }
                    if (pages >= MAX_PAGES) {
                        return Mono.just(new Read.Failed("more than " + MAX_PAGES + " pages of jobs", null));
                    }
                    String nextUrl = followable(next);
                    if (nextUrl == null) {
                        return Mono.just(new Read.Failed("unexpected answer: a next link outside the jobs", null));
                    }
                    return page(nextUrl, records, pages + 1);
                });
    }

    private record Next(@Nullable String href) implements Read {}

    private Read interpret(BackendReply reply, List<JsonNode> records) {
        if (reply.asksToWait()) {
            return new Read.Failed("HTTP " + reply.status(), BackendHttp.retryAfter(reply.retryAfter(), clock));
        }
        if (!reply.successful()) {
            return new Read.Failed("HTTP " + reply.status(), null);
        }
        JsonNode answer = JsonStrings.parse(AdapterJson.MAPPER, reply.body());
        if (answer == null) {
            return new Read.Failed(BackendHttp.notJson(reply), null);
        }
        JsonNode page = answer.get("records");
        if (!answer.isObject() || page == null || !page.isArray()) {
            return new Read.Failed("unexpected answer: not a job collection", null);
        }
        page.forEach(records::add);
        JsonNode next = answer.path("_links").path("next");
        return new Next(next.isObject() ? JsonStrings.text(next, "href") : null);
    }

    // "/api/cluster/jobs?start.uuid=...&max_records=50" -> the same path on the configured cluster, or null.
    private @Nullable String followable(String href) {
        String path = href.startsWith("/api/cluster/jobs?") ? href : null;
        if (path == null || path.contains("..") || path.contains("#")) {
            return null;
        }
        String escaped = path.replace("|", "%7C")
                .replace(">", "%3E")
                .replace("<", "%3C")
                .replace(" ", "%20")
                .replace("\"", "%22");
        return SAFE_QUERY.matcher(escaped).matches() ? clusterUrl + escaped : null;
    }
}
