package io.opgate.gateway.store;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * The ordered log of changes that the all-operations stream resumes from. Retention is bounded: a cursor older than
 * the oldest kept change can no longer be resumed from.
 *
 * <p>A change reaches {@link #live()} only once the store's readers can see it (the memory store appends after its map
 * holds the write; in Redis the write and its feed entry are one script), so whoever reacts to a change and reads
 * the store finds it agreeing; using the operation the change carries saves that read.
 */
public interface ChangeFeed {

    /**
     * Every change after {@code cursor} up to now, in order, then completes. Signals {@link CursorExpired} when
     * {@code cursor} is unknown or older than what the feed keeps.
     */
    Flux<Change> readAfter(String cursor);

    /** The cursor of the newest change, or null when the feed is empty. */
    @Nullable
    String head();

    /** The cursor that comes before every change: reading after it gives the whole feed while nothing expired. */
    String origin();

    /** Orders two cursors of this feed. */
    int compare(String a, String b);

    /** Live changes as they are appended, from this replica's single reader; never completes while running. */
    Flux<Change> live();

    /** The cursor cannot be resumed from. */
    final class CursorExpired extends RuntimeException {
        public CursorExpired(String cursor) {
            super("cursor " + cursor + " is unknown or too old", null, false, false);
        }
    }
}
