package io.opgate.contracts.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opgate.contracts.SeededCases;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * What {@code version} counts (CONTRACT §1): a change of the normalized content, which {@link Operation#sameContentAs}
 * tells apart from a change of bookkeeping.
 */
@ExtendWith(SeededCases.NameTheCase.class)
class OperationTest {

    static final long SEED = 4096002L;
    static final String CASE = "seed " + SEED + " [{index}] {arguments}";
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

    @ParameterizedTest
    @EnumSource
    void doneIsExactlyATerminalState(OperationState state) {
        assertThat(base(state).done()).isEqualTo(state.isTerminal());
    }

    @ParameterizedTest(name = CASE)
    @MethodSource("bookkeeping")
    void bookkeepingIsNotContent(OperationState state, long version, int failures) {
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

    @ParameterizedTest
    @MethodSource("contentChanges")
    void everyContentFieldIsContent(UnaryOperator<Operation.Builder> change) {
        Operation op = base(OperationState.RUNNING);
        Operation changed = change.apply(op.toBuilder()).build();
        assertThat(op.sameContentAs(changed)).isFalse();
        assertThat(changed.sameContentAs(op)).isFalse();
    }

    static Stream<Arguments> bookkeeping() {
        Stream<Arguments> bounds = Stream.of(OperationState.values())
                .flatMap(state -> Stream.of(Arguments.of(state, 1L, 0), Arguments.of(state, 1_000L, 100)));
        return Stream.concat(
                bounds,
                SeededCases.draw(
                        SEED,
                        r -> Arguments.of(
                                SeededCases.oneOf(r, List.of(OperationState.values())),
                                r.nextLong(1, 1_001),
                                r.nextInt(0, 101))));
    }

    /** A change of each content field, one at a time. */
    static Stream<Arguments> contentChanges() {
        return Stream.of(
                change("id", b -> b.id("op-2")),
                change("backend", b -> b.backend("other")),
                change("handle", b -> b.handle("h-2")),
                change("type", b -> b.type("volume.delete")),
                change("no type", b -> b.type(null)),
                change("state", b -> b.state(OperationState.PAUSED)),
                change("progress percent", b -> b.progress(Progress.of(41.0, 4L, 10L, "copying"))),
                change("progress message", b -> b.progress(Progress.of(40.0, 4L, 10L, "verifying"))),
                change("result", b -> b.result(JsonNodeFactory.instance.objectNode())),
                change("error", b -> b.error(OperationError.of("E1", "broken"))),
                change("no submittedAt", b -> b.submittedAt(null)),
                change("startedAt", b -> b.startedAt(T0)),
                change("endedAt", b -> b.endedAt(T0.plusSeconds(3))),
                change("updatedAt", b -> b.updatedAt(T0.plusSeconds(3))),
                change("labels", b -> b.labels(Map.of("team", "compute"))));
    }

    private static Arguments change(String field, UnaryOperator<Operation.Builder> change) {
        return Arguments.of(Named.of(field, change));
    }

    @Test
    void labelsAreCopiedAndCannotBeChangedAfterwards() {
        Map<String, String> labels = new HashMap<>(Map.of("team", "storage"));
        Operation op = base(OperationState.RUNNING).toBuilder().labels(labels).build();
        labels.put("team", "compute");
        assertThat(op.labels()).containsExactly(Map.entry("team", "storage"));
        assertThatThrownBy(() -> op.labels().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
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

    @ParameterizedTest
    @MethodSource("oneToFifty")
    void failuresCountUpUntilAUsableAnswer(long failures) {
        BackendStatus status = BackendStatus.HEALTHY;
        for (long i = 0; i < failures; i++) {
            status = status.failed("timeout " + i);
        }
        assertThat(status).isEqualTo(new BackendStatus(false, (int) failures, "timeout " + (failures - 1)));
    }

    @ParameterizedTest
    @NullSource
    @MethodSource("blanks")
    void aBlankErrorCodeBecomesTheGatewaysOwn(String code) {
        assertThat(new OperationError(code, "m", null).code()).isEqualTo(GatewayErrorCode.BACKEND_ERROR);
    }

    static LongStream oneToFifty() {
        return LongStream.rangeClosed(1, 50);
    }

    /** Every string of up to five spaces, tabs and newlines, then the other kinds of white space. */
    static Stream<String> blanks() {
        List<String> blanks = new ArrayList<>(List.of(""));
        for (int i = 0; i < blanks.size(); i++) {
            if (blanks.get(i).length() < 5) {
                for (char c : " \t\n".toCharArray()) {
                    blanks.add(blanks.get(i) + c);
                }
            }
        }
        return Stream.concat(blanks.stream(), Stream.of("\r", "\f", "\u000B", "\u2003", "\u3000", " \r\n"));
    }
}
