package io.opgate.simulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** One vendor's operations by handle; safe to use from any event-loop thread. */
final class OperationStore {
    private final Map<String, SimOperation> byHandle = new ConcurrentHashMap<>();
    private final Supplier<String> handles;

    OperationStore(Supplier<String> handles) {
        this.handles = handles;
    }

    SimOperation create(long nowMillis, Script script) {
        while (true) {
            SimOperation op = new SimOperation(handles.get(), nowMillis, script);
            if (byHandle.putIfAbsent(op.handle(), op) == null) {
                return op;
            }
        }
    }

    @Nullable
    SimOperation get(String handle) {
        return byHandle.get(handle);
    }

    /** Every operation held, in no particular order. */
    java.util.Collection<SimOperation> all() {
        return byHandle.values();
    }

    void remove(String handle) {
        byHandle.remove(handle);
    }

    int size() {
        return byHandle.size();
    }
}
