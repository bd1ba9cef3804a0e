package io.opgate.adapter.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeoutException;
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
    void transportFailuresAreShortAndCarryNoMessage() {
        Duration timeout = Duration.ofMillis(500);
        assertThat(BackendHttp.describe(new TimeoutException("secret"), timeout))
                .isEqualTo("timeout after 500ms");
        assertThat(BackendHttp.describe(ReadTimeoutException.INSTANCE, Duration.ofSeconds(2)))
                .isEqualTo("timeout after 2s");
        assertThat(BackendHttp.describe(new RuntimeException(new ConnectException("10.0.0.1:443 secret")), timeout))
                .isEqualTo("connection refused");
        assertThat(BackendHttp.describe(new IOException("Connection reset by peer"), timeout))
                .isEqualTo("connection reset");
        assertThat(BackendHttp.describe(new IllegalStateException("token=secret"), timeout))
                .isEqualTo("request failed (IllegalStateException)");
    }

    @Test
    void notJsonNamesAPlausibleMediaType() {
        assertThat(BackendHttp.notJson(new BackendHttp.Reply(502, "text/html; charset=utf-8", null, "<html>")))
                .isEqualTo("not JSON (text/html)");
        assertThat(BackendHttp.notJson(new BackendHttp.Reply(200, null, null, " ")))
                .isEqualTo("empty body");
    }

    /** What Reactor Netty really raises, not a hand-made exception: a closed port, by address and by name. */
    @Test
    void aRefusedConnectionIsCalledRefusedNotAnUnknownHost() throws IOException {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Duration timeout = Duration.ofSeconds(5);
        for (String host : new String[] {"127.0.0.1", "localhost"}) {
            Throwable error = reactor.netty.http.client.HttpClient.create()
                    .get()
                    .uri("http://" + host + ":" + closed + "/")
                    .response()
                    .then()
                    .flux()
                    .materialize()
                    .filter(reactor.core.publisher.Signal::isOnError)
                    .map(reactor.core.publisher.Signal::getThrowable)
                    .blockFirst(timeout);
            assertThat(BackendHttp.describe(error, timeout)).as(host).isEqualTo("connection refused");
        }
        assertThat(BackendHttp.describe(new java.net.UnknownHostException("nowhere.invalid"), timeout))
                .isEqualTo("unknown host");
    }
}
