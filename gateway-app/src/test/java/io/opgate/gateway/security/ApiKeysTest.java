package io.opgate.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void aKeyIsKnownByItsDigestAndGivesItsTenantAndRoles() {
        assertThat(ApiKeys.sha256Hex("test"))
                .isEqualTo("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
        ApiKeys keys = new ApiKeys(List.of(
                new ApiKeys.Entry(ApiKeys.sha256Hex("key-a"), "team-a", Set.of(Caller.Role.READ)),
                new ApiKeys.Entry(ApiKeys.sha256Hex("key-b"), "team-b", Set.of(Caller.Role.READ, Caller.Role.WRITE))));
        assertThat(keys.authenticate("key-a")).contains(new Caller("team-a", Set.of(Caller.Role.READ)));
        assertThat(keys.authenticate("key-b").orElseThrow().roles())
                .containsExactlyInAnyOrder(Caller.Role.READ, Caller.Role.WRITE);
        assertThat(keys.authenticate("key-c")).isEmpty();
        assertThat(keys.authenticate(ApiKeys.sha256Hex("key-a")))
                .as("the digest is not the key")
                .isEmpty();
        assertThat(keys.authenticate("")).isEmpty();
    }

    @Test
    void anEntryNeverShowsItsDigest() {
        ApiKeys.Entry entry = new ApiKeys.Entry(ApiKeys.sha256Hex("k"), "t", Set.of());
        assertThat(entry.toString()).doesNotContain(entry.sha256());
    }
}
