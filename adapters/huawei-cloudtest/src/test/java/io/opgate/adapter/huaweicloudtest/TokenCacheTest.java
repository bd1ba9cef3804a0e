package io.opgate.adapter.huaweicloudtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.spi.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class TokenCacheTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-13T06:56:56Z"));
    private final AtomicInteger fetches = new AtomicInteger();

    private Mono<IssuedToken> fetch(Duration delay) {
        return Mono.fromSupplier(() -> new IssuedToken(
                        Secret.of("t" + fetches.incrementAndGet()),
                        clock.instant().plus(Duration.ofHours(1))))
                .delaySubscription(delay);
    }

    @Test
    void aPollCancelledWhileTheTokenIsFetchedLeavesTheFetchToTheNextCaller() {
        TokenCache cache = new TokenCache(() -> fetch(Duration.ofMillis(500)), clock);

        cache.token().subscribe().dispose();
        Secret token = cache.token().block(Duration.ofSeconds(5));

        assertThat(token).isEqualTo(Secret.of("t1"));
        assertThat(fetches).hasValue(1);
    }

    @Test
    void renewingWithAnOldTokenReturnsTheCurrentOne() {
        TokenCache cache = new TokenCache(() -> fetch(Duration.ZERO), clock);
        Secret first = cache.token().block();
        Secret second = cache.renew(first).block();

        Secret again = cache.renew(first).block();

        assertThat(second).isNotEqualTo(first);
        assertThat(again).isEqualTo(second);
        assertThat(fetches).hasValue(2);
    }

    @Test
    void issuedTokenNeverShowsItsValue() {
        assertThat(new IssuedToken(Secret.of("MIIE-secret"), Instant.EPOCH).toString())
                .doesNotContain("MIIE-secret");
    }
}
