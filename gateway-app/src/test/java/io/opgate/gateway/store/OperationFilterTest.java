package io.opgate.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.model.Operation;
import io.opgate.contracts.model.OperationState;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperationFilterTest {

    static Operation op(OperationState state, Map<String, String> labels) {
        return Operation.builder()
                .id("op")
                .backend("lab")
                .backendType("ontap")
                .handle("h")
                .state(state)
                .updatedAt(Instant.EPOCH)
                .labels(labels)
                .build();
    }

    @Test
    void doneNarrowsTheStatesToTheTerminalOnesOrTheOthers() {
        Set<OperationState> none = Set.of();
        assertThat(OperationFilter.statesWithDone(none, null)).containsExactlyInAnyOrder(OperationState.values());
        assertThat(OperationFilter.statesWithDone(none, true))
                .containsExactlyInAnyOrder(
                        OperationState.SUCCEEDED, OperationState.FAILED, OperationState.CANCELLED, OperationState.LOST);
        assertThat(OperationFilter.statesWithDone(none, false))
                .containsExactlyInAnyOrder(
                        OperationState.UNKNOWN, OperationState.QUEUED, OperationState.RUNNING, OperationState.PAUSED);
        assertThat(OperationFilter.statesWithDone(EnumSet.of(OperationState.RUNNING, OperationState.FAILED), false))
                .containsExactly(OperationState.RUNNING);
    }

    @Test
    void aStateThatCannotBeDoneAsAskedMatchesNothing() {
        OperationFilter filter = new OperationFilter(
                null, null, OperationFilter.statesWithDone(Set.of(OperationState.RUNNING), true), null);
        assertThat(filter.matchesNothing()).isTrue();
        assertThat(filter.matches("t1", op(OperationState.RUNNING, Map.of()))).isFalse();
        assertThat(OperationFilter.tenant(null).matchesNothing()).isFalse();
    }

    @Test
    void anOperationMatchesWhenTenantBackendStateAndEveryLabelDo() {
        Operation running = op(OperationState.RUNNING, Map.of("team", "x", "run", "1"));
        assertThat(OperationFilter.tenant(null).matches("t1", running)).isTrue();
        assertThat(OperationFilter.tenant("t1").matches("t1", running)).isTrue();
        assertThat(OperationFilter.tenant("t2").matches("t1", running)).isFalse();
        assertThat(new OperationFilter(null, "lab", null, null).matches("t1", running))
                .isTrue();
        assertThat(new OperationFilter(null, "other", null, null).matches("t1", running))
                .isFalse();
        assertThat(new OperationFilter(null, null, Set.of(OperationState.QUEUED), null).matches("t1", running))
                .isFalse();
        assertThat(new OperationFilter(null, null, null, Map.of("team", "x", "run", "1")).matches("t1", running))
                .isTrue();
        assertThat(new OperationFilter(null, null, null, Map.of("team", "x", "run", "2")).matches("t1", running))
                .isFalse();
        assertThat(new OperationFilter(null, null, null, Map.of("absent", "x")).matches("t1", running))
                .isFalse();
    }
}
