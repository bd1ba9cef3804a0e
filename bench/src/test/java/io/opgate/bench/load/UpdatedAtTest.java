package io.opgate.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UpdatedAtTest {

    @Test
    void readsTheTimestampInMicroseconds() {
        byte[] json =
                "{\"id\":\"x\",\"submittedAt\":\"2020-01-01T00:00:00Z\",\"updatedAt\":\"2025-01-13T06:56:56.756Z\"}"
                        .getBytes(StandardCharsets.UTF_8);
        assertThat(UpdatedAt.micros(json))
                .isEqualTo(Instant.parse("2025-01-13T06:56:56.756Z").toEpochMilli() * 1000);
    }

    @Test
    void answersMinusOneWithoutIt() {
        assertThat(UpdatedAt.micros("{\"updatedAt\":null}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(-1);
        assertThat(UpdatedAt.micros("{\"updatedAt\":\"soon\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(-1);
    }
}
