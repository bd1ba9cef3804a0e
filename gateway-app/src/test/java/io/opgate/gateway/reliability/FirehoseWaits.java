package io.opgate.gateway.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiPredicate;

/** Waits on what firehose clients recorded in their ledgers (as source {@value #SOURCE}). */
final class FirehoseWaits {

    static final String SOURCE = "firehose";

    private FirehoseWaits() {}

    /** Until each ledger has an event of each of {@code ids}: the clients know every operation, e.g. before a fault. */
    static void awaitFirstEvents(Duration within, List<String> ids, OperationLedger... ledgers) {
        await("an event of every operation on every firehose")
                .atMost(within)
                .until(() -> each(
                        ids, ledgers, (ledger, id) -> !ledger.states(SOURCE, id).isEmpty()));
    }

    /** Until each ledger has the terminal event of each of {@code ids}. */
    static void awaitTerminalEvents(Duration within, List<String> ids, OperationLedger... ledgers) {
        await("the terminal event of every operation on every firehose")
                .atMost(within)
                .until(() -> each(ids, ledgers, (ledger, id) -> ledger.terminal(SOURCE, id) != null));
    }

    /**
     * Each ledger holds one terminal event of each of {@code ids} for a whole {@code window}: a duplicate would come
     * right behind the first, so the events are counted only once none has shown up for a while.
     */
    static void awaitNoSecondTerminalEvent(Duration window, List<String> ids, OperationLedger... ledgers) {
        await("one terminal event of every operation on every firehose, for " + window.toMillis() + " ms")
                .during(window)
                .atMost(window.plusSeconds(2))
                .untilAsserted(() -> {
                    for (OperationLedger ledger : ledgers) {
                        for (String id : ids) {
                            assertThat(ledger.terminalEvents(SOURCE, id))
                                    .as("terminal events of %s", id)
                                    .isEqualTo(1);
                        }
                    }
                });
    }

    private static boolean each(List<String> ids, OperationLedger[] ledgers, BiPredicate<OperationLedger, String> has) {
        return Arrays.stream(ledgers).allMatch(ledger -> ids.stream().allMatch(id -> has.test(ledger, id)));
    }
}
