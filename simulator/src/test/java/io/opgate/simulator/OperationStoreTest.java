package io.opgate.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class OperationStoreTest {

    // Handles handed out in an order unlike their sort order: d, b, e, a, c, then h5, h6, ...
    private final AtomicInteger made = new AtomicInteger();
    private final List<String> first = List.of("d", "b", "e", "a", "c");
    private final OperationStore store = new OperationStore(() -> {
        int n = made.getAndIncrement();
        return n < first.size() ? first.get(n) : "h" + n;
    });

    private void create(int count) {
        for (int i = 0; i < count; i++) {
            store.create(0, Script.builder().succeeds());
        }
    }

    private static List<String> handles(Iterable<SimOperation> ops) {
        return StreamSupport.stream(ops.spliterator(), false)
                .map(SimOperation::handle)
                .toList();
    }

    @Test
    void listsEveryOperationInHandleOrderFromTheStartGiven() {
        create(5);

        assertThat(handles(store.from(null))).containsExactly("a", "b", "c", "d", "e");
        assertThat(handles(store.from("c"))).containsExactly("c", "d", "e");
        assertThat(handles(store.from("bb"))).containsExactly("c", "d", "e");
    }

    @Test
    void namedHoldsOnlyTheNamedOperationsItHoldsInHandleOrder() {
        create(1_000);

        assertThat(handles(store.named(Set.of("e", "h999", "a", "not-held"), null)))
                .containsExactly("a", "e", "h999");
        assertThat(handles(store.named(Set.of("e", "h999", "a"), "b"))).containsExactly("e", "h999");
    }

    @Test
    void aRemovedOperationLeavesTheOrderToo() {
        create(5);

        store.remove("c");
        store.remove("not-held");

        assertThat(handles(store.from(null))).containsExactly("a", "b", "d", "e");
        assertThat(store.named(Set.of("c"), null)).isEmpty();
        assertThat(store.size()).isEqualTo(4);
    }
}
