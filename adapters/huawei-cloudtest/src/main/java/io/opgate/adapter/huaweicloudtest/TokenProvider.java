package io.opgate.adapter.huaweicloudtest;

import io.opgate.contracts.spi.Secret;
import reactor.core.publisher.Mono;

/** Where the {@code X-Auth-Token} comes from. */
interface TokenProvider {

    /** A token to send now. */
    Mono<Secret> token();

    /** A token to retry with after CloudTest rejected {@code rejected}, or empty when there is no other token. */
    Mono<Secret> renew(Secret rejected);

    /** A token configured once and never renewed. */
    static TokenProvider fixed(Secret token) {
        return new TokenProvider() {
            @Override
            public Mono<Secret> token() {
                return Mono.just(token);
            }

            @Override
            public Mono<Secret> renew(Secret rejected) {
                return Mono.empty();
            }
        };
    }
}
