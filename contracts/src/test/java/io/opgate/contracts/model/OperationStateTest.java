package io.opgate.contracts.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A terminal state is final whatever a backend reports later (CONTRACT §1); any other state follows the backend. */
class OperationStateTest {

    @Property
    void aTerminalStateIsFollowedOnlyByItself(
            @ForAll("terminal") OperationState state, @ForAll OperationState observed) {
        assertThat(state.followedBy(observed)).isSameAs(state);
    }

    @Property
    void anActiveStateIsFollowedByWhatTheBackendReports(
            @ForAll("active") OperationState state, @ForAll OperationState observed) {
        assertThat(state.followedBy(observed)).isSameAs(observed);
    }

    @Property
    void anyRunOfObservationsEndsInTheFirstTerminalStateItReaches(@ForAll List<OperationState> observed) {
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

    @Example
    void theTerminalStatesAreTheFourOfTheContract() {
        assertThat(Arrays.stream(OperationState.values()).filter(OperationState::isTerminal))
                .containsExactly(
                        OperationState.SUCCEEDED, OperationState.FAILED, OperationState.CANCELLED, OperationState.LOST);
    }

    @Provide
    Arbitrary<OperationState> terminal() {
        return Arbitraries.of(OperationState.class).filter(OperationState::isTerminal);
    }

    @Provide
    Arbitrary<OperationState> active() {
        return Arbitraries.of(OperationState.class).filter(s -> !s.isTerminal());
    }
}
