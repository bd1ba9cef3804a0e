package io.opgate.gateway.api;

import io.opgate.contracts.model.Operation;
import io.opgate.gateway.security.CallerResolver;
import io.opgate.gateway.security.RegistrationRateLimiter;
import io.opgate.gateway.tracking.OperationService;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Registration, reads, lists, cancel and delete of operations (CONTRACT §2). */
@RestController
@RequestMapping(path = "/v1/operations", produces = MediaType.APPLICATION_JSON_VALUE)
class OperationsController {

    private final OperationService operations;
    private final CallerResolver callers;
    private final RegistrationRateLimiter registrations;

    OperationsController(OperationService operations, CallerResolver callers, RegistrationRateLimiter registrations) {
        this.operations = operations;
        this.callers = callers;
        this.registrations = registrations;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Operation>> register(@RequestBody JsonNode body, ServerWebExchange exchange) {
        return callers.resolve(exchange).flatMap(caller -> {
            registrations.acquire(caller);
            RegisterCommand command = RegisterCommand.from(body);
            return operations
                    .register(caller, command.backend(), command.handle(), command.params(), command.labels())
                    .map(registration -> {
                        Operation op = registration.operation().operation().withoutNative();
                        return registration.created()
                                ? ResponseEntity.created(URI.create("/v1/operations/" + op.id()))
                                        .body(op)
                                : ResponseEntity.ok()
                                        .location(URI.create("/v1/operations/" + op.id()))
                                        .body(op);
                    });
        });
    }

    @GetMapping("/{id}")
    Mono<Object> get(
            @PathVariable String id,
            @RequestParam(required = false) @Nullable String wait,
            @RequestParam(required = false) @Nullable String after,
            @RequestParam(required = false) @Nullable String view,
            ServerWebExchange exchange) {
        return callers.resolve(exchange).flatMap(caller -> {
            String checked = QueryParams.id(id);
            Duration waitFor = QueryParams.waitFor(wait);
            Long afterVersion = QueryParams.version("after", after);
            boolean full = QueryParams.fullView(view);
            Mono<Operation> read = operations.await(caller, checked, waitFor, afterVersion);
            return full
                    ? read.flatMap(op -> operations.history(op).map(history -> new FullOperation(op, history)))
                    : read.map(Operation::withoutNative);
        });
    }

    @GetMapping
    Mono<OperationList> list(
            @RequestParam(required = false) @Nullable String pageSize,
            @RequestParam(required = false) @Nullable String pageToken,
            ServerWebExchange exchange) {
        return callers.resolve(exchange).flatMap(caller -> {
            var filter = QueryParams.filter(exchange.getRequest().getQueryParams());
            int size = QueryParams.pageSize(pageSize);
            String token = QueryParams.pageToken(pageToken);
            return operations
                    .list(caller, filter, size, token)
                    .map(page -> new OperationList(
                            page.items().stream()
                                    .map(t -> t.operation().withoutNative())
                                    .toList(),
                            page.nextPageToken()));
        });
    }

    @PostMapping("/{id}/cancel")
    Mono<ResponseEntity<Operation>> cancel(@PathVariable String id, ServerWebExchange exchange) {
        return callers.resolve(exchange)
                .flatMap(caller -> operations.cancel(caller, QueryParams.id(id)))
                .map(op -> ResponseEntity.status(HttpStatus.ACCEPTED)
                        .body(op.operation().withoutNative()));
    }

    @DeleteMapping("/{id}")
    Mono<ResponseEntity<Void>> delete(@PathVariable String id, ServerWebExchange exchange) {
        return callers.resolve(exchange)
                .flatMap(caller -> operations.delete(caller, QueryParams.id(id)))
                .then(Mono.just(ResponseEntity.noContent().build()));
    }
}
