package io.opgate.gateway.api;

import io.opgate.contracts.model.Operation;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * What is made from an operation (its JSON, for instance), made once per change however many clients ask for it.
 * Every client of a change gets the same {@link Operation} instance (from the event hub, or from the store until the
 * operation changes), so a slot remembers the last instance it saw and what was made from it; operations are
 * immutable, so the same instance always makes the same thing. Slots are chosen by id: a collision only costs making
 * it again, and memory stays bounded by the slot count.
 *
 * @param <T> what is made
 */
final class OperationMemo<T> {

    private static final int SLOTS = 1 << 12;

    private final AtomicReferenceArray<Entry<T>> slots = new AtomicReferenceArray<>(SLOTS);
    private final Function<Operation, T> make;

    OperationMemo(Function<Operation, T> make) {
        this.make = make;
    }

    T get(Operation operation) {
        int slot = spread(operation.id().hashCode()) & (SLOTS - 1);
        Entry<T> cached = slots.get(slot);
        if (cached != null && cached.operation() == operation) {
            return cached.made();
        }
        T made = make.apply(operation);
        slots.set(slot, new Entry<>(operation, made));
        return made;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    private record Entry<T>(Operation operation, T made) {}
}
