package io.opgate.gateway.api;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;

/**
 * One client's event stream, taken from its source one frame at a time and only while the client's connection takes
 * bytes: WebFlux and Reactor Netty ask for many frames ahead (a prefetch of 32 frames, 128 buffers), and would buffer
 * them all for a client that does not read. Here a client that falls behind stops the pulling, so its changes wait in
 * its conflating queue, where newer versions replace older ones, and its connection holds at most its high-water mark
 * ({@link StreamOutlet#STREAM_WATER_MARK}) and one frame. Keepalive comments come from the shared timer of
 * {@link OpenStreams}.
 */
final class StreamPump extends Flux<SseFrame> {

    private final Flux<SseFrame> source;
    private final StreamOutlet outlet;
    private final OpenStreams streams;

    StreamPump(Flux<SseFrame> source, StreamOutlet outlet, OpenStreams streams) {
        this.source = source;
        this.outlet = outlet;
        this.streams = streams;
    }

    @Override
    public void subscribe(CoreSubscriber<? super SseFrame> actual) {
        source.subscribe(new Pump(actual, outlet, streams));
    }

    /**
     * Subscriber of the source and subscription of WebFlux's writer. Every field below is read and written on the
     * connection's thread only ({@link StreamOutlet#run}), so the pump needs no locks; signals from other threads (the
     * event hub's, the store's, the keepalive timer's) are handed over to it.
     */
    static final class Pump implements CoreSubscriber<SseFrame>, Subscription {

        private final CoreSubscriber<? super SseFrame> actual;
        private final StreamOutlet outlet;
        private final OpenStreams streams;
        private @Nullable Subscription upstream;
        private long demand;
        private boolean requested;
        private @Nullable SseFrame ready;
        private boolean keepaliveDue;
        private boolean done;
        private @Nullable Throwable error;
        private boolean draining;
        private boolean missed;
        private volatile boolean cancelled;

        Pump(CoreSubscriber<? super SseFrame> actual, StreamOutlet outlet, OpenStreams streams) {
            this.actual = actual;
            this.outlet = outlet;
            this.streams = streams;
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (Operators.validate(upstream, s)) {
                upstream = s;
                outlet.onWritable(this::wake);
                streams.opened(this);
                actual.onSubscribe(this);
            }
        }

        @Override
        public void onNext(SseFrame frame) {
            outlet.run(() -> {
                requested = false;
                ready = frame;
                drain();
            });
        }

        @Override
        public void onError(Throwable failure) {
            outlet.run(() -> {
                done = true;
                error = failure;
                drain();
            });
        }

        @Override
        public void onComplete() {
            outlet.run(() -> {
                done = true;
                drain();
            });
        }

        @Override
        public void request(long n) {
            if (Operators.validate(n)) {
                // The writer asks for more from inside its own writing: count what it wrote first.
                outlet.later(() -> {
                    demand = Operators.addCap(demand, n);
                    drain();
                });
            }
        }

        @Override
        public void cancel() {
            if (!cancelled) {
                cancelled = true;
                streams.closed(this);
                Subscription s = upstream;
                if (s != null) {
                    s.cancel();
                }
            }
        }

        /** From the shared timer: a comment goes out at the next chance, if the connection takes it. */
        void keepalive() {
            outlet.run(() -> {
                keepaliveDue = true;
                drain();
            });
        }

        long pendingBytes() {
            return outlet.pendingBytes();
        }

        private void wake() {
            outlet.later(this::drain);
        }

        private void drain() {
            if (draining) {
                // Called again from inside a signal below (the writer asking for more, the source answering at once).
                missed = true;
                return;
            }
            draining = true;
            try {
                do {
                    missed = false;
                    if (cancelled) {
                        return;
                    }
                    SseFrame next = ready;
                    if (next != null && demand > 0) {
                        ready = null;
                        demand--;
                        actual.onNext(next);
                    }
                    if (ready == null && done) {
                        finish();
                        return;
                    }
                    boolean writable = outlet.writable();
                    if (keepaliveDue) {
                        // A connection that does not take bytes now has enough on its way to stay open.
                        keepaliveDue = false;
                        if (writable && demand > 0) {
                            demand--;
                            actual.onNext(streams.keepaliveFrame());
                        }
                    }
                    Subscription s = upstream;
                    if (s != null && !requested && ready == null && !done && demand > 0 && outlet.writable()) {
                        requested = true;
                        s.request(1);
                    }
                } while (missed);
            } finally {
                draining = false;
            }
        }

        private void finish() {
            cancelled = true;
            streams.closed(this);
            Throwable failure = error;
            if (failure != null) {
                actual.onError(failure);
            } else {
                actual.onComplete();
            }
        }
    }
}
