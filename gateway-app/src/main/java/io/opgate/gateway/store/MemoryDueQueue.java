package io.opgate.gateway.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The due queue of a single instance: a sorted set of due times, and the claimed operations. */
public final class MemoryDueQueue implements DueQueue {

    private static final Instant CLAIMED = Instant.MIN;

    private final NavigableSet<Entry> byTime = new ConcurrentSkipListSet<>();
    private final Map<String, Instant> dueAt = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> schedule(String id, Instant at) {
        return Mono.fromRunnable(() -> dueAt.compute(id, (key, previous) -> {
            if (previous != null && previous != CLAIMED) {
                byTime.remove(new Entry(previous, id));
            }
            byTime.add(new Entry(at, id));
            return at;
        }));
    }

    @Override
    public Mono<Void> scheduleEarlier(String id, Instant at) {
        return Mono.fromRunnable(() -> dueAt.computeIfPresent(id, (key, previous) -> {
            if (previous == CLAIMED || !previous.isAfter(at)) {
                return previous;
            }
            byTime.remove(new Entry(previous, id));
            byTime.add(new Entry(at, id));
            return at;
        }));
    }

    @Override
    public Flux<Claim> claimDue(Instant now, int max) {
        return Flux.defer(() -> {
            List<Claim> claimed = new ArrayList<>();
            while (claimed.size() < max) {
                Entry first = byTime.isEmpty() ? null : byTime.first();
                if (first == null || first.at().isAfter(now)) {
                    break;
                }
                boolean[] won = {false};
                dueAt.computeIfPresent(first.id(), (key, at) -> {
                    if (at.equals(first.at()) && byTime.remove(first)) {
                        won[0] = true;
                        return CLAIMED;
                    }
                    return at;
                });
                if (won[0]) {
                    claimed.add(new Claim(first.id(), first.at(), false));
                } else {
                    byTime.remove(first);
                }
            }
            return Flux.fromIterable(claimed);
        });
    }

    @Override
    public Mono<Void> remove(String id) {
        return Mono.fromRunnable(() -> dueAt.computeIfPresent(id, (key, at) -> {
            if (at != CLAIMED) {
                byTime.remove(new Entry(at, id));
            }
            return null;
        }));
    }

    /** Operations scheduled or claimed; for tests and metrics. */
    public int size() {
        return dueAt.size();
    }

    private record Entry(Instant at, String id) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry other) {
            int byAt = at.compareTo(other.at);
            return byAt != 0 ? byAt : id.compareTo(other.id);
        }
    }
}
