package io.opgate.gateway.events;

import io.opgate.gateway.store.Change;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * The changes waiting for one stream client. It holds at most one change per operation (plus a removal): a newer
 * change replaces the older one and moves to the back, so a client that falls behind skips intermediate versions but
 * never gets an older version after a newer one, and cursors it receives keep increasing. A terminal change is never
 * replaced, because terminal states are final. Memory is bounded by the number of operations the client follows.
 */
public final class ConflatingQueue implements AutoCloseable {

    private final LinkedHashMap<String, Change> pending = new LinkedHashMap<>();
    private final AtomicInteger wip = new AtomicInteger();
    private final Predicate<Change> accepts;
    private final Runnable onClose;
    private volatile @Nullable FluxSink<Change> sink;
    private volatile boolean closed;
    private volatile boolean ending;
    private long conflated;
    private final Totals totals;

    ConflatingQueue(Predicate<Change> accepts, Runnable onClose, Totals totals) {
        this.accepts = accepts;
        this.onClose = onClose;
        this.totals = totals;
    }

    /** Whether this client's filter takes {@code change}. */
    public boolean accepts(Change change) {
        return accepts.test(change);
    }

    void offer(Change change) {
        if (closed) {
            return;
        }
        String key = change.removed()
                ? change.operation().id() + "#removed"
                : change.operation().id();
        synchronized (pending) {
            Change previous = pending.remove(key);
            if (previous != null) {
                conflated++;
                totals.conflated().increment();
            }
            pending.put(key, change);
        }
        drain();
    }

    /** Changes dropped because a newer one of the same operation replaced them before the client read them. */
    public long conflated() {
        synchronized (pending) {
            return conflated;
        }
    }

    /** The changes in order, as fast as the client reads them. Subscribe once. */
    public Flux<Change> flux() {
        return Flux.create(
                s -> {
                    sink = s;
                    s.onRequest(n -> drain());
                    s.onDispose(this::close);
                    drain();
                },
                FluxSink.OverflowStrategy.ERROR);
    }

    /** Ends the client's stream once what is pending has been sent, so that the client reconnects. */
    void end() {
        ending = true;
        drain();
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        do {
            FluxSink<Change> s = sink;
            while (s != null && !closed && s.requestedFromDownstream() > 0) {
                Change next;
                synchronized (pending) {
                    Iterator<Change> first = pending.values().iterator();
                    if (!first.hasNext()) {
                        break;
                    }
                    next = first.next();
                    first.remove();
                }
                totals.delivered().increment();
                s.next(next);
            }
            if (s != null && ending && !closed && isEmpty()) {
                s.complete();
            }
        } while (wip.decrementAndGet() != 0);
    }

    private boolean isEmpty() {
        synchronized (pending) {
            return pending.isEmpty();
        }
    }

    /** What every queue of one hub did, summed across clients that come and go. */
    record Totals(LongAdder delivered, LongAdder conflated) {
        Totals() {
            this(new LongAdder(), new LongAdder());
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            synchronized (pending) {
                pending.clear();
            }
            onClose.run();
        }
    }
}
