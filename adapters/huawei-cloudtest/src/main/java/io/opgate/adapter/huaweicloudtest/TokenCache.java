package io.opgate.adapter.huaweicloudtest;

import io.opgate.contracts.spi.Secret;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Hands out one IAM token to every poll until shortly before it expires, and fetches a new one then or when CloudTest
 * rejects it. Concurrent callers share one token request: the cache holds the request itself (a cached {@link Mono}),
 * not only its result.
 */
final class TokenCache implements TokenProvider {

    private final Supplier<Mono<IssuedToken>> fetcher;
    private final Clock clock;
    private final AtomicReference<@Nullable Mono<IssuedToken>> current = new AtomicReference<>();

    TokenCache(Supplier<Mono<IssuedToken>> fetcher, Clock clock) {
        this.fetcher = fetcher;
        this.clock = clock;
    }

    @Override
    public Mono<Secret> token() {
        return Mono.defer(() -> {
                    Mono<IssuedToken> shared = current.get();
                    if (shared == null) {
                        return replace(null);
                    }
                    return shared.flatMap(
                            t -> clock.instant().isBefore(t.refreshAt()) ? Mono.just(t) : replace(shared));
                })
                .map(IssuedToken::token);
    }

    @Override
    public Mono<Secret> renew(Secret rejected) {
        return Mono.defer(() -> {
                    Mono<IssuedToken> shared = current.get();
                    if (shared == null) {
                        return replace(null);
                    }
                    // Only the first of several polls rejected with the same token fetches; the others get its result.
                    return shared.flatMap(t -> t.token().equals(rejected) ? replace(shared) : Mono.just(t));
                })
                .map(IssuedToken::token);
    }

    /** Starts a new token request in place of {@code stale}, or joins the one another caller started first. */
    private Mono<IssuedToken> replace(@Nullable Mono<IssuedToken> stale) {
        Flight flight = new Flight();
        if (current.compareAndSet(stale, flight.request)) {
            flight.start();
            return flight.request;
        }
        Mono<IssuedToken> other = current.get();
        return other != null ? other : replace(null);
    }

    /** One token request, shared by every caller until it is replaced; a failed one is forgotten at once. */
    private final class Flight {
        final Mono<IssuedToken> request;

        Flight() {
            request = Mono.defer(fetcher)
                    .switchIfEmpty(Mono.error(() -> new TokenException("IAM gave no token")))
                    .doOnError(e -> forget())
                    .cache();
        }

        /**
         * Sends the request, only once this flight has won its place: a flight that lost the race must not reach
         * IAM. It runs to its end (bounded by the request timeout) even when the poll that started it is cancelled,
         * so that the callers that joined it are not left waiting on a cancelled request.
         */
        void start() {
            request.subscribe(token -> {}, error -> {});
        }

        private void forget() {
            current.compareAndSet(request, null);
        }
    }
}
