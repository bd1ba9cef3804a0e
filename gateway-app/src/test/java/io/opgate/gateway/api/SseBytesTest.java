package io.opgate.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;

class SseBytesTest {

    final SseBytes bytes = new SseBytes();

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void fieldsComeInSpringsOrderWithMultiLineValuesSplit() {
        assertThat(text(SseBytes.format(ServerSentEvent.<String>builder()
                        .id("7")
                        .event("operation")
                        .retry(Duration.ofSeconds(3))
                        .comment("a\nb")
                        .data("x\ny")
                        .build())))
                .isEqualTo("id:7\nevent:operation\nretry:3000\n:a\n:b\ndata:x\ndata:y\n\n");
        assertThat(text(SseBytes.format(
                        ServerSentEvent.<String>builder().comment("keepalive").build())))
                .isEqualTo(":keepalive\n\n");
    }

    @Test
    void oneChangeIsMadeOnceForEveryClient() {
        String json = "{\"id\":\"a\",\"version\":2}";
        byte[] first = bytes.of(ServerSentEvent.<String>builder()
                .id("2")
                .event("operation")
                .data(json)
                .build());
        for (int client = 0; client < 100; client++) {
            assertThat(bytes.of(ServerSentEvent.<String>builder()
                            .id("2")
                            .event("operation")
                            .data(json)
                            .build()))
                    .isSameAs(first);
        }
        assertThat(text(first)).isEqualTo("id:2\nevent:operation\ndata:" + json + "\n\n");
    }

    @Test
    void anotherIdOrNameOnTheSameDataIsNotTakenForIt() {
        String json = "{\"id\":\"a\"}";
        byte[] onOperationStream = bytes.of(ServerSentEvent.<String>builder()
                .id("3")
                .event("operation")
                .data(json)
                .build());
        byte[] onAllStream = bytes.of(ServerSentEvent.<String>builder()
                .id("1700000000000-0")
                .event("operation")
                .data(json)
                .build());
        assertThat(text(onOperationStream)).startsWith("id:3\n");
        assertThat(text(onAllStream)).startsWith("id:1700000000000-0\n");
        assertThat(text(bytes.of(ServerSentEvent.<String>builder()
                        .id("3")
                        .event("deleted")
                        .data(json)
                        .build())))
                .startsWith("id:3\nevent:deleted\n");
    }
}
