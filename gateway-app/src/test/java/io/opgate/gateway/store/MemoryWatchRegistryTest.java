package io.opgate.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

class MemoryWatchRegistryTest {

    final MemoryWatchRegistry watches = new MemoryWatchRegistry();

    @Test
    void anOperationIsWatchedUntilItsLastWatcherLeavesAndALeaveCountsOnce() {
        Disposable first = watches.watch("op");
        Disposable second = watches.watch("op");
        assertThat(watches.isWatched("op")).isTrue();
        assertThat(watches.isWatched("other")).isFalse();

        first.dispose();
        assertThat(first.isDisposed()).isTrue();
        assertThat(second.isDisposed()).isFalse();
        // Leaving twice is leaving once: the other watcher still counts.
        first.dispose();
        assertThat(watches.isWatched("op")).isTrue();

        second.dispose();
        assertThat(watches.isWatched("op")).isFalse();
    }
}
