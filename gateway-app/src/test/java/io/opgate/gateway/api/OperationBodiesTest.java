package io.opgate.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.model.Operation;
import io.opgate.contracts.model.OperationState;
import io.opgate.gateway.store.TrackedOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class OperationBodiesTest {

    private static final JsonMapper json = JsonMapper.builder().build();
    private final OperationBodies bodies = new OperationBodies(json);

    private static Operation operation(String id, long version) {
        return Operation.builder()
                .id(id)
                .backend("b")
                .backendType("t")
                .handle("h\"" + id)
                .state(OperationState.RUNNING)
                .version(version)
                .updatedAt(Instant.parse("2026-12-02T10:00:00Z"))
                .labels(Map.of("team", "a\u00e9\n"))
                .nativePayload(json.readTree("{\"raw\":1}"))
                .build();
    }

    private static TrackedOperation tracked(Operation op) {
        return new TrackedOperation(op, "t", Map.of(), Duration.ofSeconds(1), 0, null, null, null, 0);
    }

    @Test
    void aSummaryIsTheOperationWithoutItsPayloadWrittenOncePerChange() {
        Operation op = operation("a", 1);
        byte[] first = bodies.summary(op);
        assertThat(first).isEqualTo(json.writeValueAsBytes(op.withoutNative()));
        assertThat(bodies.summary(op)).isSameAs(first);
        Operation changed = operation("a", 2);
        assertThat(bodies.summary(changed)).isEqualTo(json.writeValueAsBytes(changed.withoutNative()));
        FullOperation full = new FullOperation(op, List.of());
        assertThat(bodies.full(full)).isEqualTo(json.writeValueAsBytes(full));
        assertThat(json.readTree(bodies.full(full)).has("native")).isTrue();
    }

    @Test
    void aPageIsWrittenAsTheMessageWriterWritesOperationList() {
        List<Operation> ops = List.of(operation("a", 1), operation("b", 3), operation("c", 2));
        List<TrackedOperation> items =
                ops.stream().map(OperationBodiesTest::tracked).toList();
        List<Operation> summaries = ops.stream().map(Operation::withoutNative).toList();

        assertThat(new String(bodies.list(items, "next\"token")))
                .isEqualTo(new String(json.writeValueAsBytes(new OperationList(summaries, "next\"token"))));
        assertThat(new String(bodies.list(items, null)))
                .isEqualTo(new String(json.writeValueAsBytes(new OperationList(summaries, null))));
        assertThat(new String(bodies.list(List.of(), null)))
                .isEqualTo(new String(json.writeValueAsBytes(new OperationList(List.of(), null))));
    }
}
