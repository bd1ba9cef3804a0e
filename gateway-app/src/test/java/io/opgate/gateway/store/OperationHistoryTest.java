package io.opgate.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.model.Operation;
import io.opgate.contracts.model.OperationError;
import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.model.Progress;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Which writes make a history entry, on single writes (the store contract's history tests walk whole operations
 * through the stores).
 */
class OperationHistoryTest {

    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    static Operation failed(long version, OperationError error) {
        return Operation.builder()
                .id("o1")
                .backend("lab")
                .backendType("scripted")
                .handle("h1")
                .state(OperationState.FAILED)
                .updatedAt(T0.plusSeconds(version))
                .version(version)
                .error(error)
                .build();
    }

    @Test
    void anErrorThatChangesInTheSameStateMakesAnEntryAndTheSameErrorDoesNot() {
        Operation first = failed(1, OperationError.of("xDiskFull", "disk 1 is full"));

        assertThat(OperationHistory.entryFor(first, failed(2, OperationError.of("xDiskFull", "disk 2 is full"))))
                .as("another message")
                .extracting(HistoryEntry::error)
                .isEqualTo(new HistoryEntry.Failure("xDiskFull", "disk 2 is full"));
        assertThat(OperationHistory.entryFor(first, failed(2, OperationError.of("xQuota", "disk 1 is full"))))
                .as("another code")
                .isNotNull();
        assertThat(OperationHistory.entryFor(first, failed(2, OperationError.of("xDiskFull", "disk 1 is full"))))
                .as("the same error in a new version")
                .isNull();
    }

    @Test
    void anErrorThatAppearsOrGoesInTheSameStateMakesAnEntry() {
        Operation without = failed(1, null);
        Operation with = failed(2, OperationError.of("xDiskFull", null));

        assertThat(OperationHistory.entryFor(without, with)).isNotNull();
        assertThat(OperationHistory.entryFor(with, failed(3, null))).isNotNull();
    }

    @Test
    void aMessageIsKeptWholeUpToTheLimitAndCutWithAnEllipsisBeyond() {
        String longest = "m".repeat(OperationHistory.MAX_MESSAGE);
        String tooLong = longest + "x";

        HistoryEntry whole = OperationHistory.entryFor(null, failed(1, OperationError.of("xLong", longest)));
        HistoryEntry cut = OperationHistory.entryFor(null, failed(1, OperationError.of("xLong", tooLong)));

        assertThat(whole.error().message()).isEqualTo(longest);
        assertThat(cut.error().message())
                .hasSize(OperationHistory.MAX_MESSAGE)
                .isEqualTo("m".repeat(OperationHistory.MAX_MESSAGE - 1) + "…");
    }

    @Test
    void progressAtAQuarterMakesAnEntryWithItsPercent() {
        Operation at20 = failed(1, null).toBuilder()
                .state(OperationState.RUNNING)
                .progress(Progress.of(20.0, null, null, null))
                .build();
        Operation at25 = at20.toBuilder()
                .version(2)
                .progress(Progress.of(25.0, null, null, null))
                .build();

        assertThat(OperationHistory.entryFor(at20, at25))
                .extracting(HistoryEntry::progress)
                .isEqualTo(new HistoryEntry.Step(25.0, null));
    }
}
