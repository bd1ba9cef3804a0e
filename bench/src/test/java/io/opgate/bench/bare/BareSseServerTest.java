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

    private static final String TEMPLATE =
            "{\"id\":\"template\",\"state\":\"RUNNING\",\"version\":1,\"updatedAt\":\"2020-01-01T00:00:00Z\"}";

    @Test
    void sendsTheTemplateWithItsOwnIdAndAFreshUpdatedAt() {
        try (BareSseServer bare = BareSseServer.start(0, List.of("op-a", "op-b"), List.of("idle"), TEMPLATE, false)) {
            long before = Latencies.nowMicros();
            List<byte[]> data = events(bare, "/v1/operations/op-b/events", 1);
            String first = new String(data.get(0));
            assertThat(first).contains("\"id\":\"op-b\"").contains("\"state\":\"RUNNING\"");
            // Truncated to milliseconds, as opgate's clock is.
            assertThat(UpdatedAt.micros(data.get(0))).isGreaterThanOrEqualTo(before - 1000);
        }
    }

    @Test
    void spreadsTheChangesOverTheSecond() {
        try (BareSseServer bare = BareSseServer.start(0, List.of("op-a", "op-b"), List.of(), TEMPLATE, false)) {
            List<byte[]> data = events(bare, "/v1/events", 2);
            long apart = UpdatedAt.micros(data.get(1)) - UpdatedAt.micros(data.get(0));
            assertThat(apart).isBetween(400_000L, 600_000L);
        }
    }

    @Test
    void withBurstChangesEveryOperationAtOnce() {
        try (BareSseServer bare = BareSseServer.start(0, List.of("op-a", "op-b"), List.of(), TEMPLATE, true)) {
            List<byte[]> data = events(bare, "/v1/events", 2);
            long apart = UpdatedAt.micros(data.get(1)) - UpdatedAt.micros(data.get(0));
            assertThat(new String(data.get(0))).contains("\"id\":\"op-a\"");
            assertThat(new String(data.get(1))).contains("\"id\":\"op-b\"");
            assertThat(apart).isBetween(0L, 50_000L);
        }
    }

    private static List<byte[]> events(BareSseServer bare, String path, int count) {
        List<byte[]> data = new CopyOnWriteArrayList<>();
        SseDataLines lines = new SseDataLines(data::add);
        HttpClient.create()
                .get()
                .uri("http://127.0.0.1:" + bare.port() + path)
                .responseContent()
                .doOnNext(lines::feed)
                .takeUntil(b -> data.size() >= count)
                .blockLast(Duration.ofSeconds(10));
        return data;
    }
}
