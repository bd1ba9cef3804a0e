package io.opgate.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.model.Operation;
import io.opgate.contracts.model.OperationState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperationMemoTest {

    private final List<Operation> serialized = new ArrayList<>();
    private final OperationMemo<String> payloads = new OperationMemo<>(op -> {
        serialized.add(op);
        return op.id() + "@" + op.version();
    });

    private static Operation operation(String id, long version) {
        return Operation.builder()
                .id(id)
                .backend("b")
                .backendType("t")
                .handle(id)
                .state(OperationState.RUNNING)
                .version(version)
                .updatedAt(Instant.EPOCH)
                .build();
    }

    @Test
    void oneChangeIsSerializedOnceForEveryClient() {
        Operation change = operation("a", 1);
        for (int client = 0; client < 1000; client++) {
            assertThat(payloads.get(change)).isEqualTo("a@1");
        }
        assertThat(serialized).containsExactly(change);
    }

    @Test
    void aNewerChangeOfTheSameOperationIsSerializedAfresh() {
        payloads.get(operation("a", 1));
        assertThat(payloads.get(operation("a", 2))).isEqualTo("a@2");
        // Equal content in another instance is serialized again: only the very same instance is known to match.
        assertThat(payloads.get(operation("a", 2))).isEqualTo("a@2");
        assertThat(serialized).hasSize(3);
    }

    @Test
    void manyOperationsNeverAnswerAnotherOnesJson() {
        List<Operation> ops = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ops.add(operation("op-" + i, i));
        }
        for (Operation op : ops) {
            assertThat(payloads.get(op)).isEqualTo(op.id() + "@" + op.version());
        }
        for (Operation op : ops) {
            assertThat(payloads.get(op)).isEqualTo(op.id() + "@" + op.version());
        }
    }
}
