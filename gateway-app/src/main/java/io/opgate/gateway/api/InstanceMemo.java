package io.opgate.gateway.api;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * What is made from an immutable instance (an operation's JSON, a change's event frame), made once per instance however
 * many clients ask for it, even when they ask at the same moment on different threads. Every client of a change gets
 * the same instance (from the event hub, or from the store until the operation changes), so a slot remembers the last
 * instance it saw and what was made from it. Slots are chosen by the instance's operation id: a collision only costs
 * making it again, and memory stays bounded by the slot count.
 *
 * @param <K> the instances, compared by identity
 * @param <T> what is made
 */
final class InstanceMemo<K, T> {

    private static final int SLOTS = 1 << 12;
    private static final int LOCKS = 1 << 6;

    private final AtomicReferenceArray<Entry<K, T>> slots = new AtomicReferenceArray<>(SLOTS);
    private final Object[] locks = new Object[LOCKS];
    private final Function<K, String> id;
    private final Function<K, T> make;

    InstanceMemo(Function<K, String> id, Function<K, T> make) {
        this.id = id;
        this.make = make;
        for (int i = 0; i < LOCKS; i++) {
            locks[i] = new Object();
        }
    }

    T get(K instance) {
        int slot = spread(id.apply(instance).hashCode()) & (SLOTS - 1);
        Entry<K, T> cached = slots.get(slot);
        if (cached != null && cached.instance() == instance) {
            return cached.made();
        }
        // Clients of one change ask together (one event loop each): one makes it, the others wait for it.
        synchronized (locks[slot & (LOCKS - 1)]) {
            cached = slots.get(slot);
            if (cached != null && cached.instance() == instance) {
                return cached.made();
            }
            T made = make.apply(instance);
            slots.set(slot, new Entry<>(instance, made));
            return made;
        }
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    private record Entry<K, T>(K instance, T made) {}
}
