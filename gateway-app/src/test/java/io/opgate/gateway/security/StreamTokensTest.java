package io.opgate.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamTokensTest {

    static final String KEY = "0123456789abcdef0123456789abcdef-current";
    static final String OLD = "0123456789abcdef0123456789abcdef-previous";
    static final Instant NOW = Instant.parse("2025-01-13T06:56:56Z");

    static StreamTokens at(Instant now, String... keys) {
        return new StreamTokens(List.of(keys), Duration.ofSeconds(60), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aTokenCarriesTheTenantReadAndTheAdminFlagAndLivesSixtySeconds() {
        StreamTokens tokens = at(NOW, KEY);
        StreamTokens.Issued issued = tokens.issue(new Caller("team|a", Set.of(Caller.Role.READ, Caller.Role.WRITE)));
        assertThat(issued.expiresAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(tokens.verify(issued.token())).isEqualTo(new Caller("team|a", Set.of(Caller.Role.READ)));
        assertThat(tokens.verify(tokens.issue(new Caller("ops", Set.of(Caller.Role.READ, Caller.Role.ADMIN)))
                                .token())
                        .roles())
                .containsExactlyInAnyOrder(Caller.Role.READ, Caller.Role.ADMIN);
        assertThat(issued.toString()).doesNotContain(issued.token());
    }

    @Test
    void aTokenExpiresAtItsExpiry() {
        String token =
                at(NOW, KEY).issue(new Caller("a", Set.of(Caller.Role.READ))).token();
        assertThat(at(NOW.plusSeconds(59), KEY).verify(token).tenant()).isEqualTo("a");
        assertThatThrownBy(() -> at(NOW.plusSeconds(60), KEY).verify(token))
                .isInstanceOf(CredentialsRejected.class)
                .hasMessageContaining("expired");
    }

    @Test
    void everyConfiguredKeyVerifiesAndOnlyTheFirstSigns() {
        String old =
                at(NOW, OLD).issue(new Caller("a", Set.of(Caller.Role.READ))).token();
        StreamTokens rotated = at(NOW, KEY, OLD);
        assertThat(rotated.verify(old).tenant()).isEqualTo("a");
        String fresh = rotated.issue(new Caller("a", Set.of(Caller.Role.READ))).token();
        assertThat(at(NOW, KEY).verify(fresh).tenant()).isEqualTo("a");
        assertThatThrownBy(() -> at(NOW, OLD).verify(fresh)).isInstanceOf(CredentialsRejected.class);
    }

    @Test
    void anyChangedCharacterMakesTheTokenInvalid() {
        StreamTokens tokens = at(NOW, KEY);
        String token = tokens.issue(new Caller("a", Set.of(Caller.Role.READ))).token();
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            String changed = token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1);
            // A change in the base64 padding bits of the last character may decode to the same bytes.
            if (!changed.equals(token) && i != token.length() - 1) {
                assertThatThrownBy(() -> tokens.verify(changed))
                        .as("position " + i)
                        .isInstanceOf(CredentialsRejected.class);
            }
        }
        for (String malformed :
                List.of("", ".", "..", "a.b.c", token + ".x", "x".repeat(5000), token.replace('.', '_'))) {
            assertThatThrownBy(() -> tokens.verify(malformed)).isInstanceOf(CredentialsRejected.class);
        }
    }

    @Test
    void withoutConfiguredKeysEachInstanceHasItsOwnRandomKey() {
        Caller a = new Caller("a", Set.of(Caller.Role.READ));
        StreamTokens one = new StreamTokens(List.of(), Duration.ofSeconds(60), Clock.systemUTC());
        StreamTokens two = new StreamTokens(List.of(), Duration.ofSeconds(60), Clock.systemUTC());
        assertThat(one.verify(one.issue(a).token())).isEqualTo(a);
        assertThatThrownBy(() -> two.verify(one.issue(a).token())).isInstanceOf(CredentialsRejected.class);
    }
}
