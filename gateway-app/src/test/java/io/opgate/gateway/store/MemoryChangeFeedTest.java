package io.opgate.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opgate.contracts.model.Operation;
import io.opgate.contracts.model.OperationState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryChangeFeedTest {

    static Operation op(String id) {
        return Operation.builder()
                .id(id)
                .backend("lab")
                .backendType("scripted")
                .handle(id)
                .state(OperationState.RUNNING)
                .updatedAt(Instant.parse("2025-01-13T06:56:56Z"))
                .build();
    }

    static List<String> idsAfter(MemoryChangeFeed feed, String cursor) {
        return feed.readAfter(cursor).map(c -> c.operation().id()).collectList().block();
    }

    @Test
    void resumesAfterACursorOfItsOwn() {
        MemoryChangeFeed feed = new MemoryChangeFeed(10);
        String first = feed.append("t", op("a"), false).cursor();
        feed.append("t", op("b"), false);
        feed.append("t", op("c"), true);

        assertThat(idsAfter(feed, first)).containsExactly("b", "c");
        assertThat(idsAfter(feed, feed.origin())).containsExactly("a", "b", "c");
        assertThat(idsAfter(feed, feed.head())).isEmpty();
        assertThat(feed.compare(first, feed.head())).isNegative();
        assertThat(feed.compare(feed.origin(), first)).isNegative();
    }

    @Test
    void aCursorOfAnEarlierFeedIsUnknownEvenWhenItsNumberExistsHere() {
        // What a browser holds across a restart of a gateway on the memory store.
        MemoryChangeFeed before = new MemoryChangeFeed(10);
        before.append("t", op("old"), false);
        String held = before.append("t", op("old"), false).cursor();

        MemoryChangeFeed after = new MemoryChangeFeed(10);
        for (String id : List.of("n1", "n2", "n3")) {
            after.append("t", op(id), false);
        }

        assertThatThrownBy(() -> idsAfter(after, held)).isInstanceOf(ChangeFeed.CursorExpired.class);
    }

    @Test
    void cursorsOutsideTheRingOrMalformedAreUnknown() {
        MemoryChangeFeed feed = new MemoryChangeFeed(2);
        String first = feed.append("t", op("a"), false).cursor();
        String second = feed.append("t", op("b"), false).cursor();
        feed.append("t", op("c"), false);
        feed.append("t", op("d"), false);

        // The ring keeps c and d: after b still resumes without a gap, after a does not.
        assertThat(idsAfter(feed, second)).containsExactly("c", "d");
        assertThatThrownBy(() -> idsAfter(feed, first)).isInstanceOf(ChangeFeed.CursorExpired.class);
        for (String bad :
                List.of("1", "", "-", feed.origin() + "x", "zz-1", feed.head().replace("-4", "-5"))) {
            assertThatThrownBy(() -> idsAfter(feed, bad)).as(bad).isInstanceOf(ChangeFeed.CursorExpired.class);
        }
    }

    @Test
    void everyCutShortCursorIsUnknown() {
        MemoryChangeFeed feed = new MemoryChangeFeed(10);
        String cursor = feed.append("t", op("a"), false).cursor();

        for (int length = 0; length < cursor.length() - 1; length++) {
            String cut = cursor.substring(0, length);
            assertThatThrownBy(() -> idsAfter(feed, cut)).as(cut).isInstanceOf(ChangeFeed.CursorExpired.class);
        }
    }

    @Test
    void aFeedOfOneKeepsTheNewestChangeAndNoneIsRefused() {
        MemoryChangeFeed feed = new MemoryChangeFeed(1);
        String first = feed.append("t", op("a"), false).cursor();
        feed.append("t", op("b"), false);

        assertThat(idsAfter(feed, first)).containsExactly("b");
        assertThatThrownBy(() -> new MemoryChangeFeed(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
