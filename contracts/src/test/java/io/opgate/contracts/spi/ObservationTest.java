package io.opgate.contracts.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opgate.contracts.SeededCases;
import io.opgate.contracts.model.OperationError;
import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.model.Progress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** What an adapter may say about an operation, whatever it passes in (the Observation's javadoc, CONTRACT §1). */
@ExtendWith(SeededCases.NameTheCase.class)
class ObservationTest {

    static final long SEED = 4096005L;
    static final String CASE = "seed " + SEED + " [{index}] {arguments}";
    static final JsonNode RESULT = JsonNodeFactory.instance.objectNode().put("volume", "v1");
    static final OperationError ERROR = OperationError.of("E42", "disk full");
    static final List<OperationState> OBSERVABLE =
            List.copyOf(EnumSet.complementOf(EnumSet.of(OperationState.UNKNOWN, OperationState.LOST)));
    /** 2100-01-01T00:00:00Z, the latest second of the random instants. */
    static final long LAST_SECOND = 4_102_444_800L;

    static final List<Instant> EDGE_INSTANTS = Arrays.asList(
            null,
            Instant.MIN,
            Instant.EPOCH,
            Instant.ofEpochSecond(0, 1),
            Instant.ofEpochSecond(0, 999_999),
            Instant.ofEpochSecond(0, 1_000_000),
            Instant.ofEpochSecond(-1, 999_999_999),
            Instant.ofEpochSecond(LAST_SECOND, 999_999_999),
            Instant.MAX);

    @ParameterizedTest
    @EnumSource(names = {"UNKNOWN", "LOST"})
    void onlyTheGatewayDecidesUnknownAndLost(OperationState state) {
        assertThatThrownBy(() -> Observation.builder(state).error(ERROR).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(state.name());
    }

    @ParameterizedTest
    @EnumSource(
            mode = EnumSource.Mode.EXCLUDE,
            names = {"UNKNOWN", "LOST"})
    void aResultOnlyForSuccessAndAnErrorOnlyForFailure(OperationState state) {
        Observation observation =
                Observation.builder(state).result(RESULT).error(ERROR).build();
        assertThat(observation.state()).isSameAs(state);
        assertThat(observation.result()).isEqualTo(state == OperationState.SUCCEEDED ? RESULT : null);
        assertThat(observation.error()).isEqualTo(state == OperationState.FAILED ? ERROR : null);
    }

    @ParameterizedTest
    @EnumSource(
            mode = EnumSource.Mode.EXCLUDE,
            names = {"UNKNOWN", "LOST"})
    void aFailureWithoutAnErrorIsRefused(OperationState state) {
        if (state == OperationState.FAILED) {
            assertThatThrownBy(() -> Observation.builder(state).build()).isInstanceOf(NullPointerException.class);
        } else {
            assertThat(Observation.builder(state).build().error()).isNull();
        }
    }

    @ParameterizedTest(name = CASE)
    @MethodSource("fourInstants")
    void everyTimeIsInWholeMillisecondsAndNoLaterThanGiven(
            Instant submitted, Instant started, Instant ended, Instant updated) {
        Observation observation = Observation.builder(OperationState.SUCCEEDED)
                .submittedAt(submitted)
                .startedAt(started)
                .endedAt(ended)
                .updatedAt(updated)
                .build();
        assertThat(observation.submittedAt()).isEqualTo(inWholeMillis(submitted));
        assertThat(observation.startedAt()).isEqualTo(inWholeMillis(started));
        assertThat(observation.endedAt()).isEqualTo(inWholeMillis(ended));
        assertThat(observation.updatedAt()).isEqualTo(inWholeMillis(updated));
    }

    @ParameterizedTest(name = CASE)
    @MethodSource("statesAndInstants")
    void buildingAnObservationAgainFromItsPartsChangesNothing(OperationState state, Instant at) {
        Observation once = Observation.builder(state)
                .type("copy")
                .progress(Progress.of(50.0, null, null, "half"))
                .result(RESULT)
                .error(ERROR)
                .submittedAt(at)
                .updatedAt(at)
                .build();
        Observation again = new Observation(
                once.state(),
                once.type(),
                once.progress(),
                once.result(),
                once.error(),
                new Observation.Times(once.submittedAt(), once.startedAt(), once.endedAt(), once.updatedAt()));
        assertThat(again).isEqualTo(once);
    }

    @ParameterizedTest
    @EnumSource(
            mode = EnumSource.Mode.EXCLUDE,
            names = {"UNKNOWN", "LOST"})
    void noProgressIsProgressNone(OperationState state) {
        Observation observation = new Observation(state, null, null, null, ERROR, null);
        assertThat(observation.progress()).isEqualTo(Progress.NONE);
    }

    /** The given time in whole milliseconds; an absent time stays absent. */
    private static Instant inWholeMillis(Instant given) {
        return given == null ? null : given.truncatedTo(ChronoUnit.MILLIS);
    }

    /** Each edge instant in every place, then four random instants. */
    static Stream<Arguments> fourInstants() {
        Stream<Arguments> edges = EDGE_INSTANTS.stream()
                .flatMap(t -> Stream.of(
                        Arguments.of(t, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH),
                        Arguments.of(Instant.EPOCH, t, Instant.EPOCH, Instant.EPOCH),
                        Arguments.of(Instant.EPOCH, Instant.EPOCH, t, Instant.EPOCH),
                        Arguments.of(Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, t)));
        return Stream.concat(
                edges, SeededCases.draw(SEED, r -> Arguments.of(instant(r), instant(r), instant(r), instant(r))));
    }

    static Stream<Arguments> statesAndInstants() {
        Stream<Arguments> edges =
                OBSERVABLE.stream().flatMap(state -> EDGE_INSTANTS.stream().map(t -> Arguments.of(state, t)));
        return Stream.concat(
                edges, SeededCases.draw(SEED, r -> Arguments.of(SeededCases.oneOf(r, OBSERVABLE), instant(r))));
    }

    /** An instant from 1970 to 2100, to the nanosecond. */
    private static Instant instant(SplittableRandom random) {
        return Instant.ofEpochSecond(random.nextLong(0, LAST_SECOND + 1), random.nextInt(1_000_000_000));
    }
}
