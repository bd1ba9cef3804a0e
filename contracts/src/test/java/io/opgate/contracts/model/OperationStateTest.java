package io.opgate.contracts.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.SeededCases;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A terminal state is final whatever a backend reports later (CONTRACT §1); any other state follows the backend. */
@ExtendWith(SeededCases.NameTheCase.class)
class OperationStateTest {

    static final long SEED = 4096001L;
    static final String CASE = "seed " + SEED + " [{index}] {arguments}";
    static final List<OperationState> STATES = List.of(OperationState.values());

    @ParameterizedTest
    @MethodSource("terminalThenAny")
    void aTerminalStateIsFollowedOnlyByItself(OperationState state, OperationState observed) {
        assertThat(state.followedBy(observed)).isSameAs(state);
    }

    @ParameterizedTest
    @MethodSource("activeThenAny")
    void anActiveStateIsFollowedByWhatTheBackendReports(OperationState state, OperationState observed) {
        assertThat(state.followedBy(observed)).isSameAs(observed);
    }

    @ParameterizedTest(name = CASE)
    @MethodSource("runs")
    void anyRunOfObservationsEndsInTheFirstTerminalStateItReaches(List<OperationState> observed) {
        OperationState state = OperationState.UNKNOWN;
        for (OperationState next : observed) {
            OperationState before = state;
            state = state.followedBy(next);
            if (before.isTerminal()) {
                assertThat(state).isSameAs(before);
            }
        }
        OperationState expected = observed.stream()
                .filter(OperationState::isTerminal)
                .findFirst()
                .orElse(observed.isEmpty() ? OperationState.UNKNOWN : observed.get(observed.size() - 1));
        assertThat(state).isSameAs(expected);
    }

    @Test
    void theTerminalStatesAreTheFourOfTheContract() {
        assertThat(Arrays.stream(OperationState.values()).filter(OperationState::isTerminal))
                .containsExactly(
                        OperationState.SUCCEEDED, OperationState.FAILED, OperationState.CANCELLED, OperationState.LOST);
    }

    static Stream<Arguments> terminalThenAny() {
        return pairs(OperationState::isTerminal);
    }

    static Stream<Arguments> activeThenAny() {
        return pairs(s -> !s.isTerminal());
    }

    /** Eight states make every pair cheap to try. */
    private static Stream<Arguments> pairs(Predicate<OperationState> first) {
        return STATES.stream().filter(first).flatMap(s -> STATES.stream().map(o -> Arguments.of(s, o)));
    }

    /** Every run of up to two observations, then random longer ones. */
    static Stream<Arguments> runs() {
        Stream<List<OperationState>> upToTwo = Stream.concat(
                Stream.of(List.of()),
                STATES.stream()
                        .flatMap(a -> Stream.concat(
                                Stream.of(List.of(a)), STATES.stream().map(b -> List.of(a, b)))));
        return Stream.concat(upToTwo.map(Arguments::of), SeededCases.draw(SEED, r -> Arguments.of(run(r))));
    }

    /** Mostly short runs, where reaching no terminal state at all is likely; some up to 255 observations long. */
    private static List<OperationState> run(SplittableRandom random) {
        int length = random.nextBoolean() ? random.nextInt(3, 11) : random.nextInt(11, 256);
        List<OperationState> run = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            run.add(SeededCases.oneOf(random, STATES));
        }
        return run;
    }
}
