package io.opgate.adapter.aliyunbpstudio;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.client.PrematureCloseException;

/**
 * Short, secret-free descriptions of why a request gave no usable answer. Exception messages are not passed on: they
 * are written by libraries that know nothing about which of their inputs are credentials.
 */
final class Failures {

    private Failures() {}

    static String describe(Throwable e, Duration timeout) {
        if (e instanceof TimeoutException || e instanceof ReadTimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms";
        }
        if (e instanceof PrematureCloseException) {
            return "the connection closed before the answer was complete";
        }
        if (e instanceof ConnectException || e instanceof ConnectTimeoutException) {
            return "cannot connect to the backend";
        }
        if (e instanceof IOException) {
            return "I/O error (" + e.getClass().getSimpleName() + ")";
        }
        return "unexpected error (" + e.getClass().getSimpleName() + ")";
    }

    /** The delay an HTTP {@code Retry-After} header asks for, in seconds or as an HTTP date; null when none. */
    static @Nullable Duration retryAfter(@Nullable String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Duration delay = Duration.between(
                        clock.instant(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
                return delay.isNegative() ? Duration.ZERO : delay;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
