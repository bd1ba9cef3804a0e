package io.opgate.gateway.api;

import io.opgate.contracts.model.OperationState;
import io.opgate.gateway.security.Caller;
import io.opgate.gateway.tracking.Backend;
import io.opgate.gateway.tracking.BackendRegistry;
import io.opgate.gateway.tracking.OperationProblem;
import io.opgate.gateway.tracking.OperationService;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** How many operations there are per state and per backend, for a dashboard's tiles and filter menus. */
@RestController
class OperationCountsController {

    private static final Set<String> PARAMETERS = Set.of("backend", "label");

    private final OperationService operations;
    private final BackendRegistry backends;

    OperationCountsController(OperationService operations, BackendRegistry backends) {
        this.operations = operations;
        this.backends = backends;
    }

    @GetMapping(path = "/v1/operation-counts", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Counts> counts(Caller caller, ServerWebExchange exchange) {
        MultiValueMap<String, String> query = exchange.getRequest().getQueryParams();
        for (String name : query.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw OperationProblem.invalid(
                        "operation-counts takes only backend and label (every state is counted); not " + name);
            }
        }
        var filter = QueryParams.filter(query);
        if (filter.labels().size() > 1) {
            throw OperationProblem.invalid("operation-counts takes at most one label=key:value");
        }
        Map.Entry<String, String> label =
                filter.labels().entrySet().stream().findFirst().orElse(null);
        return operations.counts(caller, label).map(counts -> {
            Map<String, Long> perBackend = new TreeMap<>();
            backends.all().stream().filter(b -> visible(caller, b)).forEach(b -> perBackend.put(b.name(), 0L));
            perBackend.putAll(counts.backends());
            return new Counts(counts.states(filter.backend()), perBackend);
        });
    }

    /** A tenant is shown the backends it may register on, as {@code GET /v1/backends} shows them. */
    private static boolean visible(Caller caller, Backend backend) {
        Set<String> tenants = backend.config().tenants();
        return caller.admin() || tenants.isEmpty() || tenants.contains(caller.tenant());
    }

    /**
     * The answer.
     *
     * @param states every state with the number of matching operations (backend and label)
     * @param backends every backend the caller may see with its operations in any state (label only), so that a menu
     *     can offer the other backends while one is chosen
     */
    record Counts(Map<OperationState, Long> states, Map<String, Long> backends) {}
}
