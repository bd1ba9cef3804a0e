package io.opgate.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.codec.ServerSentEventHttpMessageWriter;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The frames are byte for byte what the streams wrote through Spring's SSE writer before (CONTRACT §3). */
class SseFrameTest {

    static String spring(ServerSentEvent<String> event) {
        MockServerHttpResponse response = new MockServerHttpResponse();
        new ServerSentEventHttpMessageWriter()
                .write(
                        Mono.just(event),
                        ResolvableType.forClassWithGenerics(ServerSentEvent.class, String.class),
                        MediaType.TEXT_EVENT_STREAM,
                        response,
                        Map.of())
                .block();
        return response.getBodyAsString().block();
    }

    @Test
    void anEventIsWhatSpringWrites() {
        String json = "{\"id\":\"op-1\",\"version\":3,\"note\":\"a\\nb\"}";
        assertThat(SseFrame.event("3", "operation", json).toString())
                .isEqualTo(spring(ServerSentEvent.<String>builder()
                        .id("3")
                        .event("operation")
                        .data(json)
                        .build()))
                .isEqualTo("id:3\nevent:operation\ndata:" + json + "\n\n");
    }

    @Test
    void dataOnSeveralLinesBecomesSeveralDataFields() {
        assertThat(SseFrame.event(null, "reset", "one\ntwo").toString())
                .isEqualTo(spring(ServerSentEvent.<String>builder()
                        .event("reset")
                        .data("one\ntwo")
                        .build()))
                .isEqualTo("event:reset\ndata:one\ndata:two\n\n");
    }

    @Test
    void commentsAndTheRetryHintAreWhatSpringWrites() {
        assertThat(SseFrame.comment("keepalive").toString())
                .isEqualTo(spring(
                        ServerSentEvent.<String>builder().comment("keepalive").build()))
                .isEqualTo(":keepalive\n\n");
        assertThat(SseFrame.retry(Duration.ofSeconds(3), "opgate").toString())
                .isEqualTo(spring(ServerSentEvent.<String>builder()
                        .comment("opgate")
                        .retry(Duration.ofSeconds(3))
                        .build()));
    }

    @Test
    void theEncoderWritesTheSharedBytesAsTheyAre() {
        SseFrame frame = SseFrame.event("7", "operation", "{}");
        String written = new SseFrameEncoder()
                .encode(
                        Flux.just(frame, frame),
                        DefaultDataBufferFactory.sharedInstance,
                        ResolvableType.forClass(SseFrame.class),
                        MediaType.TEXT_EVENT_STREAM,
                        Map.of())
                .map(buffer -> buffer.toString(java.nio.charset.StandardCharsets.UTF_8))
                .reduce(String::concat)
                .block();
        assertThat(written).isEqualTo("id:7\nevent:operation\ndata:{}\n\n".repeat(2));
        assertThat(new SseFrameEncoder().getStreamingMediaTypes()).containsExactly(MediaType.TEXT_EVENT_STREAM);
    }
}
