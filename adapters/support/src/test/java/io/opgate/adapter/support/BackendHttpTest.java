package io.opgate.adapter.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.spi.BackendReply;
import io.opgate.contracts.spi.BackendTransport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendHttpTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-13T06:57:00Z"), ZoneOffset.UTC);

    @Test
    void retryAfterInSeconds() {
        assertThat(BackendHttp.retryAfter("120", CLOCK)).isEqualTo(Duration.ofSeconds(120));
        assertThat(BackendHttp.retryAfter(" 0 ", CLOCK)).isEqualTo(Duration.ZERO);
    }

    @Test
    void retryAfterAsAnHttpDateIsCountedFromTheClock() {
        assertThat(BackendHttp.retryAfter("Mon, 13 Jan 2025 06:57:56 GMT", CLOCK))
                .isEqualTo(Duration.ofSeconds(56));
        assertThat(BackendHttp.retryAfter("Mon, 13 Jan 2025 06:00:00 GMT", CLOCK))
                .isEqualTo(Duration.ZERO);
    }

    @Test
    void unreadableOrAbsentRetryAfterIsNoDelay() {
        assertThat(BackendHttp.retryAfter(null, CLOCK)).isNull();
        assertThat(BackendHttp.retryAfter("  ", CLOCK)).isNull();
        assertThat(BackendHttp.retryAfter("-5", CLOCK)).isNull();
        assertThat(BackendHttp.retryAfter("soon", CLOCK)).isNull();
    }

    @Test
    void aFailedExchangeIsTheTransportsReasonOrTheErrorsKindOnly() {
        BackendTransport.Failure refused = new BackendTransport.Failure("connection refused");
        assertThat(BackendHttp.describe(refused)).isEqualTo("connection refused");
        assertThat(BackendHttp.describe(new IllegalStateException("wrapped", refused)))
                .isEqualTo("connection refused");
        assertThat(BackendHttp.describe(new IllegalStateException("token=secret")))
                .isEqualTo("request failed (IllegalStateException)");
    }

    @Test
    void notJsonNamesAPlausibleMediaType() {
        assertThat(BackendHttp.notJson(
                        new BackendReply(502, Map.of("Content-Type", "text/html; charset=utf-8"), "<html>")))
                .isEqualTo("not JSON (text/html)");
        assertThat(BackendHttp.notJson(new BackendReply(200, Map.of(), " "))).isEqualTo("empty body");
    }
}
