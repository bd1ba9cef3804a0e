package io.opgate.gateway.store;

import io.opgate.contracts.model.OperationState;
import java.util.HashMap;
import java.util.Map;

/**
 * How many operations of a {@link CountScope} there are, per backend and state.
 *
 * @param byBackend backend → state → count; backends or states without operations may be absent
 */
public record OperationCounts(Map<String, Map<OperationState, Long>> byBackend) {

    public OperationCounts {
        Map<String, Map<OperationState, Long>> copy = new HashMap<>();
        byBackend.forEach((backend, states) -> copy.put(backend, Map.copyOf(states)));
        byBackend = Map.copyOf(copy);
    }

    /** Every state with its count, over one backend or (null) all of them. */
    public Map<OperationState, Long> states(@org.jspecify.annotations.Nullable String backend) {
        Map<OperationState, Long> counts = OperationStore.zeroPerState();
        byBackend.forEach((name, states) -> {
            if (backend == null || backend.equals(name)) {
                states.forEach((state, n) -> counts.merge(state, n, Long::sum));
            }
        });
        return counts;
    }

    /** Operations per backend, whatever their state; only backends that have some. */
    public Map<String, Long> backends() {
        Map<String, Long> counts = new HashMap<>();
        byBackend.forEach((name, states) -> {
            long total = states.values().stream().mapToLong(Long::longValue).sum();
            if (total > 0) {
                counts.put(name, total);
            }
        });
        return counts;
    }
}
