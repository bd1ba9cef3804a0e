package io.opgate.gateway.store;

import reactor.core.Disposable;

/** Who is watching which operation (an SSE subscriber or a waiting request), so that it is polled more often. */
public interface WatchRegistry {

    /** Counts one more watcher of {@code id} until the returned handle is disposed. */
    Disposable watch(String id);

    /** Whether anyone watches {@code id}. */
    boolean isWatched(String id);
}
