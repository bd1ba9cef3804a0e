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

    static final String ALL = "/v1/events?backend=lab";

    static StreamTokens at(Instant now, String... keys) {
        return new StreamTokens(List.of(keys), Duration.ofSeconds(60), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aTokenCarriesTheTenantAndReadOnlyAndLivesSixtySeconds() {
        StreamTokens tokens = at(NOW, KEY);
        StreamTokens.Issued issued =
                tokens.issue(new Caller("team|a", Set.of(Caller.Role.READ, Caller.Role.WRITE)), ALL);
        assertThat(issued.expiresAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(tokens.verify(issued.token(), ALL)).isEqualTo(new Caller("team|a", Set.of(Caller.Role.READ)));
        assertThat(issued.toString()).doesNotContain(issued.token());
    }

    @Test
    void anAdminsTokenReadsItsOwnTenantOnly() {
        StreamTokens tokens = at(NOW, KEY);
        String token = tokens.issue(new Caller("ops", Set.of(Caller.Role.READ, Caller.Role.ADMIN)), ALL)
                .token();
        Caller caller = tokens.verify(token, ALL);
        assertThat(caller).isEqualTo(new Caller("ops", Set.of(Caller.Role.READ)));
        assertThat(caller.admin()).isFalse();
        assertThat(caller.sees("team-b")).isFalse();
    }

    @Test
    void aTokenOpensTheStreamItWasIssuedForAndNoOther() {
        StreamTokens tokens = at(NOW, KEY);
        String stream = StreamScope.parse("/v1/events", "state=RUNNING&label=vendor%3Aontap&backend=lab")
                .orElseThrow();
        String token =
                tokens.issue(new Caller("a", Set.of(Caller.Role.READ)), stream).token();
        // The same filters in another order, with a cursor, are the same stream.
        String reordered = StreamScope.canonical(
                "/v1/events", "backend=lab&label=vendor:ontap&state=RUNNING&lastEventId=42&token=" + token);
        assertThat(tokens.verify(token, reordered).tenant()).isEqualTo("a");
        for (String other : List.of(
                "/v1/events",
                "/v1/events?backend=lab",
                "/v1/events?backend=lab&label=vendor%3Aontap&state=RUNNING&state=FAILED",
                "/v1/events?backend=lab&label=vendor%3Aontap&state=FAILED",
                "/v1/events?backend=lab&label=vendor%3Aontap&state=RUNNING&tenant=team-b",
                "/v1/operations/abc/events?backend=lab&label=vendor%3Aontap&state=RUNNING")) {
            String[] parts = other.split("\\?", 2);
            String scope = StreamScope.canonical(parts[0], parts.length > 1 ? parts[1] : null);
            assertThatThrownBy(() -> tokens.verify(token, scope))
                    .as(other)
                    .isInstanceOf(CredentialsRejected.class)
                    .hasMessageContaining("another stream");
        }
    }

    @Test
    void onlyTheTwoEventStreamsCanBeNamed() {
        assertThat(StreamScope.parse("/v1/events", "")).contains("/v1/events");
        assertThat(StreamScope.parse("/v1/operations/AbC_-9/events", "?lastEventId=3"))
                .contains("/v1/operations/AbC_-9/events");
        for (String path : List.of("/v1/operations", "/v1/operations/a/b/events", "/v1/events/", "/actuator/env", "")) {
            assertThat(StreamScope.parse(path, "")).as(path).isEmpty();
        }
        assertThat(StreamScope.parse("/v1/events", "backend=%zz"))
                .as("malformed escape")
                .isEmpty();
        assertThat(StreamScope.parse("/v1/events", "x=" + "y".repeat(5000)))
                .as("too long")
                .isEmpty();
    }

    @Test
    void theLifetimeIsCappedAtFiveMinutesWhateverIsConfigured() {
        StreamTokens tokens = new StreamTokens(List.of(KEY), Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(tokens.issue(new Caller("a", Set.of(Caller.Role.READ)), ALL).expiresAt())
                .isEqualTo(NOW.plus(StreamTokens.MAX_TTL))
                .isEqualTo(NOW.plusSeconds(300));
    }

    @Test
    void aTokenExpiresAtItsExpiry() {
        String token = at(NOW, KEY)
                .issue(new Caller("a", Set.of(Caller.Role.READ)), ALL)
                .token();
        assertThat(at(NOW.plusSeconds(59), KEY).verify(token, ALL).tenant()).isEqualTo("a");
        assertThatThrownBy(() -> at(NOW.plusSeconds(60), KEY).verify(token, ALL))
                .isInstanceOf(CredentialsRejected.class)
                .hasMessageContaining("expired");
    }

    @Test
    void everyConfiguredKeyVerifiesAndOnlyTheFirstSigns() {
        String old = at(NOW, OLD)
                .issue(new Caller("a", Set.of(Caller.Role.READ)), ALL)
                .token();
        StreamTokens rotated = at(NOW, KEY, OLD);
        assertThat(rotated.verify(old, ALL).tenant()).isEqualTo("a");
        String fresh =
                rotated.issue(new Caller("a", Set.of(Caller.Role.READ)), ALL).token();
        assertThat(at(NOW, KEY).verify(fresh, ALL).tenant()).isEqualTo("a");
        assertThatThrownBy(() -> at(NOW, OLD).verify(fresh, ALL)).isInstanceOf(CredentialsRejected.class);
    }

    @Test
    void anyChangedCharacterMakesTheTokenInvalid() {
        StreamTokens tokens = at(NOW, KEY);
        String token =
                tokens.issue(new Caller("a", Set.of(Caller.Role.READ)), ALL).token();
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            String changed = token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1);
            // A change in the base64 padding bits of the last character may decode to the same bytes.
            if (!changed.equals(token) && i != token.length() - 1) {
                assertThatThrownBy(() -> tokens.verify(changed, ALL))
                        .as("position " + i)
                        .isInstanceOf(CredentialsRejected.class);
            }
        }
        for (String malformed :
                List.of("", ".", "..", "a.b.c", token + ".x", "x".repeat(5000), token.replace('.', '_'))) {
            assertThatThrownBy(() -> tokens.verify(malformed, ALL)).isInstanceOf(CredentialsRejected.class);
        }
    }

    @Test
    void withoutConfiguredKeysEachInstanceHasItsOwnRandomKey() {
        Caller a = new Caller("a", Set.of(Caller.Role.READ));
        StreamTokens one = new StreamTokens(List.of(), Duration.ofSeconds(60), Clock.systemUTC());
        StreamTokens two = new StreamTokens(List.of(), Duration.ofSeconds(60), Clock.systemUTC());
        assertThat(one.verify(one.issue(a, ALL).token(), ALL)).isEqualTo(a);
        assertThatThrownBy(() -> two.verify(one.issue(a, ALL).token(), ALL)).isInstanceOf(CredentialsRejected.class);
    }
}
