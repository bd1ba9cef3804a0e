package io.opgate.simulator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One vendor's operations by handle; safe to use from any event-loop thread. Besides the lookup by handle it keeps
 * the handles in order, so that a listing in handle order (ONTAP's job collection) neither copies nor sorts what
 * the store holds on every request.
 */
final class OperationStore {
    private final Map<String, SimOperation> byHandle = new ConcurrentHashMap<>();
    private final NavigableSet<String> ordered = new ConcurrentSkipListSet<>();
    private final Supplier<String> handles;

    OperationStore(Supplier<String> handles) {
        this.handles = handles;
    }

    SimOperation create(long nowMillis, Script script) {
        while (true) {
            SimOperation op = new SimOperation(handles.get(), nowMillis, script);
            if (byHandle.putIfAbsent(op.handle(), op) == null) {
                ordered.add(op.handle());
                return op;
            }
        }
    }

    @Nullable
    SimOperation get(String handle) {
        return byHandle.get(handle);
    }

    /** Every operation held, in no particular order. */
    Collection<SimOperation> all() {
        return byHandle.values();
    }

    /**
     * The operations held in handle order ({@link String#compareTo}), from {@code start} on (inclusive) or from the
     * first. Read lazily: a caller that stops after a page pays for that page.
     */
    Iterable<SimOperation> from(@Nullable String start) {
        NavigableSet<String> tail = start == null ? ordered : ordered.tailSet(start, true);
        return () -> tail.stream().map(byHandle::get).filter(Objects::nonNull).iterator();
    }

    /**
     * The operations among {@code named} that the store holds, in handle order from {@code start} on (inclusive),
     * each looked up by its handle: the cost follows the names, not the size of the store.
     */
    List<SimOperation> named(Collection<String> named, @Nullable String start) {
        NavigableSet<String> wanted = new TreeSet<>(named);
        List<SimOperation> found = new ArrayList<>(wanted.size());
        for (String handle : start == null ? wanted : wanted.tailSet(start, true)) {
            SimOperation op = byHandle.get(handle);
            if (op != null) {
                found.add(op);
            }
        }
        return found;
    }

    void remove(String handle) {
        if (byHandle.remove(handle) != null) {
            ordered.remove(handle);
        }
    }

    int size() {
        return byHandle.size();
    }
}
