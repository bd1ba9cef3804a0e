package io.opgate.gateway.api;

import io.opgate.contracts.model.Operation;
import io.opgate.gateway.security.Caller;
import io.opgate.gateway.security.ClientQuotas;
import io.opgate.gateway.store.OperationSnapshots;
import io.opgate.gateway.tracking.OperationProblem;
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
    private final ClientQuotas quotas;
    private final OperationSnapshots snapshots;
    private final OperationBodies bodies;

    OperationsController(
            OperationService operations, ClientQuotas quotas, OperationSnapshots snapshots, OperationBodies bodies) {
        this.operations = operations;
        this.quotas = quotas;
        this.snapshots = snapshots;
        this.bodies = bodies;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<Operation>> register(@RequestBody JsonNode body, Caller caller) {
        return quotas.registrations()
                .acquire(caller)
                .then(Mono.defer(() -> {
                    RegisterCommand command = RegisterCommand.from(body);
                    return operations.register(
                            caller, command.backend(), command.handle(), command.params(), command.labels());
                }))
                .map(registration -> {
                    Operation op = registration.operation().operation().withoutNative();
                    return registration.created()
                            ? ResponseEntity.created(URI.create("/v1/operations/" + op.id()))
                                    .body(op)
                            : ResponseEntity.ok()
                                    .location(URI.create("/v1/operations/" + op.id()))
                                    .body(op);
                });
    }

    /**
     * One operation. Without {@code wait} every caller's read comes from {@link OperationSnapshots} (the store, or with
     * the Redis store this replica's feed-coherent copy), which may lack the raw payload: {@code view=full} and waits
     * read the store.
     */
    @GetMapping("/{id}")
    Mono<byte[]> get(
            @PathVariable String id,
            @RequestParam(required = false) @Nullable String wait,
            @RequestParam(required = false) @Nullable String after,
            @RequestParam(required = false) @Nullable String view,
            Caller caller) {
        String checked = QueryParams.id(id);
        Duration waitFor = QueryParams.waitFor(wait);
        Long afterVersion = QueryParams.version("after", after);
        boolean full = QueryParams.fullView(view);
        if (full) {
            return await(caller, checked, waitFor, afterVersion)
                    .flatMap(op -> operations.history(op).map(history -> bodies.full(new FullOperation(op, history))));
        }
        if (waitFor.isZero()) {
            return snapshots
                    .find(checked)
                    .filter(snapshot -> caller.sees(snapshot.tenant()))
                    .switchIfEmpty(Mono.error(() -> OperationProblem.notFound(checked)))
                    .map(snapshot -> bodies.summary(snapshot.operation()));
        }
        return await(caller, checked, waitFor, afterVersion).map(bodies::summary);
    }

    /**
     * The operation once it changes or ends, within {@code waitFor}: a wait holds a request and a watch meanwhile, so
     * it counts against the tenant's long-poll quota (a read without a wait does not).
     */
    private Mono<Operation> await(Caller caller, String id, Duration waitFor, @Nullable Long afterVersion) {
        if (waitFor.isZero()) {
            return operations.await(caller, id, waitFor, afterVersion);
        }
        return quotas.longPolls().holdingMono(caller, () -> operations.await(caller, id, waitFor, afterVersion));
    }

    /** A page of the caller's operations, written as {@link OperationList}. */
    @GetMapping
    Mono<byte[]> list(
            @RequestParam(required = false) @Nullable String pageSize,
            @RequestParam(required = false) @Nullable String pageToken,
            Caller caller,
            ServerWebExchange exchange) {
        var filter = QueryParams.filter(exchange.getRequest().getQueryParams());
        int size = QueryParams.pageSize(pageSize);
        String token = QueryParams.pageToken(pageToken);
        return operations
                .list(caller, filter, size, token)
                .map(page -> bodies.list(page.items(), page.nextPageToken()));
    }

    @PostMapping("/{id}/cancel")
    Mono<ResponseEntity<Operation>> cancel(@PathVariable String id, Caller caller) {
        return operations.cancel(caller, QueryParams.id(id)).map(op -> ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(op.operation().withoutNative()));
    }

    @DeleteMapping("/{id}")
    Mono<ResponseEntity<Void>> delete(@PathVariable String id, Caller caller) {
        return operations
                .delete(caller, QueryParams.id(id))
                .then(Mono.just(ResponseEntity.noContent().build()));
    }
}
