package io.opgate.gateway.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * A change feed in memory: the newest {@code capacity} changes in a ring. A cursor is {@code <epoch>-<sequence>}: the
 * epoch is drawn when the feed is made, so that a client resuming after a restart, whose cursor counts the changes
 * of a feed that no longer exists, gets a reset instead of resuming at whatever the new feed's numbers mean.
 */
public final class MemoryChangeFeed implements ChangeFeed {

    private final String epoch = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
    private final Change[] ring;
    private final Sinks.Many<Change> live = Sinks.many().multicast().directBestEffort();
    private long nextSequence = 1;

    public MemoryChangeFeed(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        ring = new Change[capacity];
    }

    /** Appends a change and publishes it; callers hold the operation's write lock, so per-operation order holds. */
    synchronized Change append(String tenant, io.opgate.contracts.model.Operation operation, boolean removed) {
        long sequence = nextSequence++;
        Change change = new Change(cursor(sequence), tenant, operation, removed);
        ring[(int) (sequence % ring.length)] = change;
        live.emitNext(change, Sinks.EmitFailureHandler.FAIL_FAST);
        return change;
    }

    @Override
    public Flux<Change> readAfter(String cursor) {
        return Flux.defer(() -> Flux.fromIterable(copyAfter(cursor)));
    }

    private synchronized List<Change> copyAfter(String cursor) {
        long after = sequence(cursor);
        long newest = nextSequence - 1;
        long oldestKept = Math.max(1, nextSequence - ring.length);
        // A cursor just before the oldest kept change still resumes without a gap.
        if (after < oldestKept - 1 || after > newest) {
            throw new CursorExpired(cursor);
        }
        List<Change> changes = new ArrayList<>((int) (newest - after));
        for (long s = after + 1; s <= newest; s++) {
            changes.add(ring[(int) (s % ring.length)]);
        }
        return changes;
    }

    @Override
    public synchronized @Nullable String head() {
        return nextSequence == 1 ? null : cursor(nextSequence - 1);
    }

    @Override
    public String origin() {
        return cursor(0);
    }

    @Override
    public int compare(String a, String b) {
        return Long.compare(sequence(a), sequence(b));
    }

    private String cursor(long sequence) {
        return epoch + "-" + sequence;
    }

    /** The sequence number of a cursor of this feed; {@link CursorExpired} for any other. */
    private long sequence(String cursor) {
        if (cursor.length() <= epoch.length() + 1
                || !cursor.startsWith(epoch)
                || cursor.charAt(epoch.length()) != '-') {
            throw new CursorExpired(cursor);
        }
        try {
            return Long.parseLong(cursor.substring(epoch.length() + 1));
        } catch (NumberFormatException e) {
            throw new CursorExpired(cursor);
        }
    }

    @Override
    public Flux<Change> live() {
        return live.asFlux();
    }
}
