package io.opgate.contracts.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * What {@code version} counts (CONTRACT §1): a change of the normalized content, which {@link Operation#sameContentAs}
 * tells apart from a change of bookkeeping.
 */
class OperationTest {

    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    static Operation base(OperationState state) {
        return Operation.builder()
                .id("op-1")
                .backend("lab")
                .backendType("ontap")
                .handle("h-1")
                .type("volume.create")
                .state(state)
                .progress(Progress.of(40.0, 4L, 10L, "copying"))
                .submittedAt(T0)
                .startedAt(T0.plusSeconds(1))
                .updatedAt(T0.plusSeconds(2))
                .labels(Map.of("team", "storage"))
                .build();
    }

    @Property
    void doneIsExactlyATerminalState(@ForAll OperationState state) {
        assertThat(base(state).done()).isEqualTo(state.isTerminal());
    }

    @Property
    void bookkeepingIsNotContent(
            @ForAll OperationState state,
            @ForAll @LongRange(min = 1, max = 1_000) long version,
            @ForAll @LongRange(min = 0, max = 100) int failures) {
        Operation op = base(state);
        Operation touched = op.toBuilder()
                .version(version)
                .observedAt(T0.plusSeconds(99))
                .backendStatus(op.backendStatus().failed("timeout").failed("timeout"))
                .nativePayload(JsonNodeFactory.instance.objectNode().put("failures", failures))
                .build();
        assertThat(op.sameContentAs(touched)).isTrue();
        assertThat(touched.sameContentAs(op)).isTrue();
        assertThat(touched.withoutNative().nativePayload()).isNull();
    }

    @Property
    void everyContentFieldIsContent(@ForAll("contentChanges") UnaryOperator<Operation.Builder> change) {
        Operation op = base(OperationState.RUNNING);
        Operation changed = change.apply(op.toBuilder()).build();
        assertThat(op.sameContentAs(changed)).isFalse();
        assertThat(changed.sameContentAs(op)).isFalse();
    }

    @Provide
    Arbitrary<UnaryOperator<Operation.Builder>> contentChanges() {
        return Arbitraries.of(
                b -> b.id("op-2"),
                b -> b.backend("other"),
                b -> b.handle("h-2"),
                b -> b.type("volume.delete"),
                b -> b.type(null),
                b -> b.state(OperationState.PAUSED),
                b -> b.progress(Progress.of(41.0, 4L, 10L, "copying")),
                b -> b.progress(Progress.of(40.0, 4L, 10L, "verifying")),
                b -> b.result(JsonNodeFactory.instance.objectNode()),
                b -> b.error(OperationError.of("E1", "broken")),
                b -> b.submittedAt(null),
                b -> b.startedAt(T0),
                b -> b.endedAt(T0.plusSeconds(3)),
                b -> b.updatedAt(T0.plusSeconds(3)),
                b -> b.labels(Map.of("team", "compute")));
    }

    @Example
    void labelsAreCopiedAndCannotBeChangedAfterwards() {
        Map<String, String> labels = new HashMap<>(Map.of("team", "storage"));
        Operation op = base(OperationState.RUNNING).toBuilder().labels(labels).build();
        labels.put("team", "compute");
        assertThat(op.labels()).containsExactly(Map.entry("team", "storage"));
        assertThatThrownBy(() -> op.labels().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Example
    void absentPartsHaveTheirNeutralValue() {
        Operation op = base(OperationState.QUEUED).toBuilder()
                .progress(null)
                .labels(null)
                .backendStatus(null)
                .build();
        assertThat(op.progress()).isEqualTo(Progress.NONE);
        assertThat(op.labels()).isEmpty();
        assertThat(op.backendStatus()).isEqualTo(BackendStatus.HEALTHY);
    }

    @Property
    void failuresCountUpUntilAUsableAnswer(@ForAll @LongRange(min = 1, max = 50) long failures) {
        BackendStatus status = BackendStatus.HEALTHY;
        for (long i = 0; i < failures; i++) {
            status = status.failed("timeout " + i);
        }
        assertThat(status).isEqualTo(new BackendStatus(false, (int) failures, "timeout " + (failures - 1)));
    }

    @Property
    void aBlankErrorCodeBecomesTheGatewaysOwn(@ForAll("blank") String code) {
        assertThat(new OperationError(code, "m", null).code()).isEqualTo(GatewayErrorCode.BACKEND_ERROR);
    }

    @Provide
    Arbitrary<String> blank() {
        return Arbitraries.strings().withChars(' ', '\t', '\n').ofMaxLength(5).injectNull(0.2);
    }
}
