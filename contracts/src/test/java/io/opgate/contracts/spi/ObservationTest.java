package io.opgate.contracts.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opgate.contracts.model.OperationError;
import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.model.Progress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** What an adapter may say about an operation, whatever it passes in (the Observation's javadoc, CONTRACT §1). */
class ObservationTest {

    static final JsonNode RESULT = JsonNodeFactory.instance.objectNode().put("volume", "v1");
    static final OperationError ERROR = OperationError.of("E42", "disk full");

    @Property
    void onlyTheGatewayDecidesUnknownAndLost(@ForAll("gatewayOnly") OperationState state) {
        assertThatThrownBy(() -> Observation.builder(state).error(ERROR).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(state.name());
    }

    @Property
    void aResultOnlyForSuccessAndAnErrorOnlyForFailure(@ForAll("observable") OperationState state) {
        Observation observation =
                Observation.builder(state).result(RESULT).error(ERROR).build();
        assertThat(observation.state()).isSameAs(state);
        assertThat(observation.result()).isEqualTo(state == OperationState.SUCCEEDED ? RESULT : null);
        assertThat(observation.error()).isEqualTo(state == OperationState.FAILED ? ERROR : null);
    }

    @Property
    void aFailureWithoutAnErrorIsRefused(@ForAll("observable") OperationState state) {
        if (state == OperationState.FAILED) {
            assertThatThrownBy(() -> Observation.builder(state).build()).isInstanceOf(NullPointerException.class);
        } else {
            assertThat(Observation.builder(state).build().error()).isNull();
        }
    }

    @Property
    void everyTimeIsInWholeMillisecondsAndNoLaterThanGiven(
            @ForAll("instants") Instant submitted,
            @ForAll("instants") Instant started,
            @ForAll("instants") Instant ended,
            @ForAll("instants") Instant updated) {
        Observation observation = Observation.builder(OperationState.SUCCEEDED)
                .submittedAt(submitted)
                .startedAt(started)
                .endedAt(ended)
                .updatedAt(updated)
                .build();
        assertThat(observation.submittedAt()).isEqualTo(submitted.truncatedTo(ChronoUnit.MILLIS));
        assertThat(observation.startedAt()).isEqualTo(started.truncatedTo(ChronoUnit.MILLIS));
        assertThat(observation.endedAt()).isEqualTo(ended.truncatedTo(ChronoUnit.MILLIS));
        assertThat(observation.updatedAt()).isEqualTo(updated.truncatedTo(ChronoUnit.MILLIS));
    }

    @Property
    void buildingAnObservationAgainFromItsPartsChangesNothing(
            @ForAll("observable") OperationState state, @ForAll("instants") Instant at) {
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
                once.submittedAt(),
                once.startedAt(),
                once.endedAt(),
                once.updatedAt());
        assertThat(again).isEqualTo(once);
    }

    @Property
    void noProgressIsProgressNone(@ForAll("observable") OperationState state) {
        Observation observation = new Observation(state, null, null, null, ERROR, null, null, null, null);
        assertThat(observation.progress()).isEqualTo(Progress.NONE);
    }

    @Provide
    Arbitrary<OperationState> gatewayOnly() {
        return Arbitraries.of(OperationState.UNKNOWN, OperationState.LOST);
    }

    @Provide
    Arbitrary<OperationState> observable() {
        return Arbitraries.of(OperationState.class)
                .filter(s -> s != OperationState.UNKNOWN && s != OperationState.LOST);
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(0, 4_102_444_800L).flatMap(seconds -> Arbitraries.integers()
                .between(0, 999_999_999)
                .map(nanos -> Instant.ofEpochSecond(seconds, nanos)));
    }
}
