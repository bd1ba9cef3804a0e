package io.opgate.gateway.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.Disposable;

/** Watch counts of a single instance. */
public final class MemoryWatchRegistry implements WatchRegistry {

    private final Map<String, Integer> watchers = new ConcurrentHashMap<>();

    @Override
    public Disposable watch(String id) {
        watchers.merge(id, 1, Integer::sum);
        AtomicBoolean released = new AtomicBoolean();
        return new Disposable() {
            @Override
            public void dispose() {
                if (released.compareAndSet(false, true)) {
                    watchers.computeIfPresent(id, (key, count) -> count <= 1 ? null : count - 1);
                }
            }

            @Override
            public boolean isDisposed() {
                return released.get();
            }
        };
    }

    @Override
    public boolean isWatched(String id) {
        return watchers.containsKey(id);
    }
}
