package io.opgate.gateway.api;

import io.opgate.contracts.model.Operation;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * The {@code data:} of operation events, serialized once per change however many stream clients receive it. Every
 * client of a change gets the same {@link Operation} instance from the event hub, so a slot remembers the last
 * instance it serialized and its JSON; operations are immutable, so the same instance always has the same JSON. Slots
 * are chosen by id: a collision only costs a second serialization, and memory stays bounded by the slot count.
 */
final class EventPayloads {

    private static final int SLOTS = 1 << 12;

    private final AtomicReferenceArray<Entry> slots = new AtomicReferenceArray<>(SLOTS);
    private final Function<Operation, String> serialize;

    EventPayloads(Function<Operation, String> serialize) {
        this.serialize = serialize;
    }

    String json(Operation operation) {
        int slot = spread(operation.id().hashCode()) & (SLOTS - 1);
        Entry cached = slots.get(slot);
        if (cached != null && cached.operation() == operation) {
            return cached.json();
        }
        String json = serialize.apply(operation);
        slots.set(slot, new Entry(operation, json));
        return json;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    private record Entry(Operation operation, String json) {}
}
