package io.opgate.bench.bare;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.bench.load.Latencies;
import io.opgate.bench.load.SseDataLines;
import io.opgate.bench.load.UpdatedAt;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

class BareSseServerTest {

    @Test
    void sendsTheTemplateWithItsOwnIdAndAFreshUpdatedAt() {
        String template =
                "{\"id\":\"template\",\"state\":\"RUNNING\",\"version\":1,\"updatedAt\":\"2020-01-01T00:00:00Z\"}";
        try (BareSseServer bare = BareSseServer.start(0, List.of("op-a", "op-b"), List.of("idle"), template)) {
            List<byte[]> data = new CopyOnWriteArrayList<>();
            SseDataLines lines = new SseDataLines(data::add);
            long before = Latencies.nowMicros();
            HttpClient.create()
                    .get()
                    .uri("http://127.0.0.1:" + bare.port() + "/v1/operations/op-b/events")
                    .responseContent()
                    .doOnNext(lines::feed)
                    .takeUntil(b -> !data.isEmpty())
                    .blockLast(Duration.ofSeconds(10));
            String first = new String(data.get(0));
            assertThat(first).contains("\"id\":\"op-b\"").contains("\"state\":\"RUNNING\"");
            // Truncated to milliseconds, as opgate's clock is.
            assertThat(UpdatedAt.micros(data.get(0))).isGreaterThanOrEqualTo(before - 1000);
        }
    }
}
