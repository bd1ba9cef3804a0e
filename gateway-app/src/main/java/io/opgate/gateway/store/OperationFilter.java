package io.opgate.gateway.store;

import io.opgate.contracts.model.Operation;
import io.opgate.contracts.model.OperationState;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Which operations a list or a stream shows.
 *
 * @param tenant the only tenant whose operations match, or null for every tenant (admin)
 * @param backend the only backend that matches, or null for any
 * @param states the states that match, null for all (the {@code done} filter is folded into it); empty matches
 *     nothing
 * @param labels labels an operation must all carry with these values
 */
public record OperationFilter(
        @Nullable String tenant, @Nullable String backend, Set<OperationState> states, Map<String, String> labels) {

    public OperationFilter {
        if (states == null) {
            states = EnumSet.allOf(OperationState.class);
        } else {
            EnumSet<OperationState> copy = EnumSet.noneOf(OperationState.class);
            copy.addAll(states);
            states = copy;
        }
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public static OperationFilter tenant(@Nullable String tenant) {
        return new OperationFilter(tenant, null, null, Map.of());
    }

    /** Narrows the states to those whose {@code done} is as given. */
    public static Set<OperationState> statesWithDone(Set<OperationState> states, @Nullable Boolean done) {
        EnumSet<OperationState> result =
                states.isEmpty() ? EnumSet.allOf(OperationState.class) : EnumSet.copyOf(states);
        if (done != null) {
            result.removeIf(s -> s.isTerminal() != done);
        }
        return result;
    }

    public boolean matches(String operationTenant, Operation operation) {
        return (tenant == null || tenant.equals(operationTenant))
                && (backend == null || backend.equals(operation.backend()))
                && states.contains(operation.state())
                && labels.entrySet().stream()
                        .allMatch(l -> l.getValue().equals(operation.labels().get(l.getKey())));
    }

    /** True when no state passes, as with {@code state=RUNNING&done=true}. */
    public boolean matchesNothing() {
        return states.isEmpty();
    }
}
