package io.opgate.contracts.spi;

import reactor.core.publisher.Mono;

/**
 * How an adapter talks to its backend: one HTTP exchange at a time, with the gateway's connections, TLS settings,
 * limits and tracing applied by the implementation, so that adapters depend on no HTTP client library.
 *
 * <p>The gateway gives each adapter one transport in its {@link AdapterContext}; it is safe to share between
 * concurrent calls.
 */
public interface BackendTransport {

    /**
     * Sends {@code request} when subscribed to and reads the whole answer, bounded by
     * {@link AdapterContext#requestTimeout()} from subscription to the answer's last byte. Every answer is a
     * {@link BackendReply}, whatever its status: 4xx and 5xx are for the adapter to read. Never blocks.
     *
     * @return the answer; or an error when there is none: a {@link Failure} for what went wrong on the way (refused
     *     or reset connection, unknown host, TLS, timeout, an answer too large to read)
     */
    Mono<BackendReply> send(BackendRequest request);

    /**
     * An exchange that gave no answer. Its message says why in a few words ({@code connection refused},
     * {@code timeout after 10s}) and is safe to show in an operation's status: it carries no address, header or
     * credential, whatever the underlying library wrote.
     */
    final class Failure extends RuntimeException {

        /** {@code reason} must itself be safe to show; no cause is kept, as a cause's message may not be. */
        public Failure(String reason) {
            super(reason, null, false, false);
        }
    }
}
