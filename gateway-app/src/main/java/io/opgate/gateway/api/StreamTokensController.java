package io.opgate.gateway.api;

import io.opgate.gateway.security.Caller;
import io.opgate.gateway.security.StreamScope;
import io.opgate.gateway.security.StreamTokens;
import io.opgate.gateway.tracking.OperationProblem;
import java.time.Instant;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Hands out stream tokens: a browser's {@code EventSource} cannot send an {@code Authorization} header, so the page
 * asks for a short-lived token with its credentials and opens the stream with {@code ?token=}.
 */
@RestController
class StreamTokensController {

    private final StreamTokens tokens;

    StreamTokensController(StreamTokens tokens) {
        this.tokens = tokens;
    }

    /**
     * A token for the stream the body names, {@code {"path": "/v1/events", "query": "backend=a"}}: it opens that
     * stream, with those filters (in any order), and no other.
     */
    @PostMapping(
            path = "/v1/stream-tokens",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    StreamTokenView issue(@RequestBody JsonNode body, Caller caller) {
        StreamTokens.Issued issued = tokens.issue(caller, stream(body));
        return new StreamTokenView(issued.token(), issued.expiresAt());
    }

    private static String stream(JsonNode body) {
        JsonNode path = body.isObject() ? body.get("path") : null;
        JsonNode query = body.isObject() ? body.get("query") : null;
        boolean onlyThose = body.isObject() && body.size() == (query == null ? 1 : 2);
        if (path == null || !path.isString() || (query != null && !query.isString()) || !onlyThose) {
            throw OperationProblem.invalid("the body names the stream the token is to open:"
                    + " {\"path\": \"/v1/events\", \"query\": \"backend=a&state=RUNNING\"} or"
                    + " {\"path\": \"/v1/operations/{id}/events\"}");
        }
        return StreamScope.parse(path.asString(), query == null ? "" : query.asString())
                .orElseThrow(() -> OperationProblem.invalid("'path' must be /v1/events or /v1/operations/{id}/events,"
                        + " and 'query' the filters the stream is to be opened with, URL-encoded"));
    }

    /**
     * The answer of {@code POST /v1/stream-tokens}.
     *
     * @param token the value for {@code ?token=} on the two event streams
     * @param expiresAt after this the token opens no stream; streams opened before stay open
     */
    record StreamTokenView(String token, Instant expiresAt) {

        @Override
        public String toString() {
            // Codecs log what they encode at DEBUG; the token is a credential.
            return "StreamTokenView[token=******, expiresAt=" + expiresAt + "]";
        }
    }
}
