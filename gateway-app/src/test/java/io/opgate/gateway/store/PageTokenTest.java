package io.opgate.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** What a client may send back as a page token: what a page gave it, and nothing else. */
class PageTokenTest {

    static String token(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aTokenNamesWhereThePreviousPageEnded() {
        MemoryOperationStore.IndexKey last = new MemoryOperationStore.IndexKey(1_735_689_600_000L, "op:1");

        assertThat(PageToken.decode(PageToken.encode(last))).isEqualTo(last);
        assertThat(PageToken.decode(token("7:x"))).isEqualTo(new MemoryOperationStore.IndexKey(7, "x"));
    }

    @Test
    void aTokenWithoutTimeOrIdIsInvalid() {
        for (String raw : new String[] {"1735689600000:", ":op", "op", "", "soon:op"}) {
            assertThatThrownBy(() -> PageToken.decode(token(raw))).as(raw).isInstanceOf(InvalidPageToken.class);
        }
        assertThatThrownBy(() -> PageToken.decode("not base64!")).isInstanceOf(InvalidPageToken.class);
    }
}
