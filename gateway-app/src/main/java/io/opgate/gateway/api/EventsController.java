package io.opgate.gateway.api;

import io.opgate.gateway.security.Caller;
import io.opgate.gateway.tracking.OperationService;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The two Server-Sent Event streams (CONTRACT §3). {@code Last-Event-ID} may also be given as the query parameter
 * {@code lastEventId}, for a browser's first connection.
 */
@RestController
class EventsController {

    private static final String LAST_EVENT_ID = "Last-Event-ID";

    private final OperationService operations;
    private final EventStreams streams;
    private final StreamAnswers answers;

    EventsController(OperationService operations, EventStreams streams, StreamAnswers answers) {
        this.operations = operations;
        this.streams = streams;
        this.answers = answers;
    }

    @GetMapping(path = "/v1/operations/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Mono<ResponseEntity<Flux<SseFrame>>> operation(
            @PathVariable String id,
            @RequestHeader(name = LAST_EVENT_ID, required = false) @Nullable String lastEventIdHeader,
            @RequestParam(required = false) @Nullable String lastEventId,
            Caller caller,
            ServerWebExchange exchange) {
        String checked = QueryParams.id(id);
        Long lastVersion =
                QueryParams.version(LAST_EVENT_ID, lastEventIdHeader != null ? lastEventIdHeader : lastEventId);
        return operations
                .get(caller, checked)
                .map(op -> answers.answer(caller, exchange, () -> streams.operation(caller, op, lastVersion)));
    }

    @GetMapping(path = "/v1/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<Flux<SseFrame>> all(
            @RequestHeader(name = LAST_EVENT_ID, required = false) @Nullable String lastEventIdHeader,
            @RequestParam(required = false) @Nullable String lastEventId,
            Caller caller,
            ServerWebExchange exchange) {
        var filter = QueryParams.filter(exchange.getRequest().getQueryParams());
        String resumeAfter = QueryParams.cursor(lastEventIdHeader != null ? lastEventIdHeader : lastEventId);
        return answers.answer(caller, exchange, () -> streams.all(caller, filter, resumeAfter));
    }
}
