package io.opgate.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Only a lookup that surely gives a reader answers; everything else is left to the filter chain (null). */
class DirectCallersTest {

    final DirectCallers keys = DirectCallers.apiKeys(new ApiKeys(List.of(
            new ApiKeys.Entry(ApiKeys.sha256Hex("reader"), "team-a", Set.of(Caller.Role.READ)),
            new ApiKeys.Entry(ApiKeys.sha256Hex("writer"), "team-a", Set.of(Caller.Role.WRITE)))));

    @Test
    void aConfiguredKeyWithReadIsItsCaller() {
        assertThat(keys.reader(List.of("Bearer reader"))).isEqualTo(new Caller("team-a", Set.of(Caller.Role.READ)));
        assertThat(keys.reader(List.of("bearer   reader ")))
                .as("scheme without case, value trimmed")
                .isNotNull();
    }

    @Test
    void everythingElseIsLeftToTheFilterChain() {
        assertThat(keys.reader(List.of())).as("no credentials: 401 there").isNull();
        assertThat(keys.reader(List.of("Bearer writer")))
                .as("no read: 403 there")
                .isNull();
        assertThat(keys.reader(List.of("Bearer unknown"))).isNull();
        assertThat(keys.reader(List.of("Basic cmVhZGVyOg=="))).isNull();
        assertThat(keys.reader(List.of("Bearer "))).isNull();
        assertThat(keys.reader(List.of("Bearer reader", "Bearer reader")))
                .as("two headers")
                .isNull();
        assertThat(keys.reader(List.of("Bearer " + "x".repeat(9_000)))).isNull();
        assertThat(DirectCallers.none().reader(List.of("Bearer reader")))
                .as("JWT mode")
                .isNull();
    }

    @Test
    void withoutAuthenticationEveryoneIsTheUnauthenticatedCaller() {
        assertThat(DirectCallers.unauthenticated().reader(List.of())).isEqualTo(Caller.unauthenticated());
    }
}
