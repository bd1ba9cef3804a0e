package io.opgate.contracts.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Requests and replies name their headers when printed, never a value that may be a credential. */
class BackendRequestTest {

    private static final String TOKEN = "MIIZkQYJKoZIhvcNAQcCoIIZgjCCGX4CAQExDTALBglghkgBZQMEAgEwghejBgkqhkiG";

    @Test
    void aRequestKeepsItsHeadersInOrderAndPrintsNoValueOrBody() {
        BackendRequest request = BackendRequest.post(
                        "https://iam.example/v3/auth/tokens", "{\"password\":\"pw\"}".getBytes(StandardCharsets.UTF_8))
                .header("X-Auth-Token", TOKEN)
                .header("authorization", Secret.of("Basic a2l0OnB3"))
                .header("accept", "application/json");

        assertThat(List.copyOf(request.headers().keySet())).containsExactly("X-Auth-Token", "authorization", "accept");
        assertThat(request.headers().get("X-Auth-Token").reveal()).isEqualTo(TOKEN);
        assertThat(request.toString())
                .isEqualTo("POST https://iam.example/v3/auth/tokens [X-Auth-Token, authorization, accept] (17 bytes)")
                .doesNotContain(TOKEN, "a2l0OnB3", "password");
        assertThat(request.headers().toString()).doesNotContain(TOKEN, "a2l0OnB3");
    }

    @Test
    void aRequestIsNotChangedByItsCopiesOrItsCaller() {
        byte[] body = {1, 2, 3};
        BackendRequest post = BackendRequest.post("http://h/", body);
        body[0] = 9;
        post.body()[1] = 9;

        assertThat(post.body()).containsExactly(1, 2, 3);
        assertThat(post.header("accept", "*/*").headers()).containsOnlyKeys("accept");
        assertThat(post.headers()).isEmpty();
        assertThat(BackendRequest.get("http://h/").body()).isNull();
    }

    @Test
    void aReplyReadsHeadersInAnyCaseAndPrintsNoValueOrBody() {
        BackendReply reply = new BackendReply(
                201,
                Map.of("X-Subject-Token", TOKEN, "Content-Type", "application/json", "Retry-After", "5"),
                "{\"expires_at\":\"2025\"}");

        assertThat(reply.header("x-subject-token")).isEqualTo(TOKEN);
        assertThat(reply.contentType()).isEqualTo("application/json");
        assertThat(reply.retryAfter()).isEqualTo("5");
        assertThat(reply.successful()).isTrue();
        assertThat(reply.asksToWait()).isFalse();
        assertThat(reply.toString())
                .startsWith("BackendReply[status=201, headers=[")
                .doesNotContain(TOKEN, "expires_at");
    }
}
