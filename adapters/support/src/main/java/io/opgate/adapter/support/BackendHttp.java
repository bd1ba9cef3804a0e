package io.opgate.adapter.support;

import io.opgate.contracts.spi.BackendReply;
import io.opgate.contracts.spi.BackendTransport;
import io.opgate.contracts.spi.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP readings every adapter shares: a failed exchange in secret-free words, {@code Retry-After}, why a body is
 * not JSON, and basic auth.
 *
 * <p>It exists so that each adapter words a failure and honours {@code Retry-After} the same way, and so that no
 * adapter can pass an exception message (which may carry addresses, headers or credentials) into an operation's
 * status.
 */
public final class BackendHttp {

    private BackendHttp() {}

    /**
     * What to report for an exchange that failed: the transport's own reason ({@link BackendTransport.Failure}, safe
     * to show), else only the kind of error, never its message.
     */
    public static String describe(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof BackendTransport.Failure) {
                return t.getMessage();
            }
        }
        return "request failed (" + error.getClass().getSimpleName() + ")";
    }

    /** The value of an HTTP basic {@code Authorization} header, kept as a secret. */
    public static Secret basicAuth(String username, Secret password) {
        String pair = username + ":" + password.reveal();
        return Secret.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    /** Why a body could not be read as JSON, naming its media type when that explains it (an HTML error page). */
    public static String notJson(BackendReply reply) {
        if (reply.body().isBlank()) {
            return "empty body";
        }
        String type = reply.contentType();
        if (type == null) {
            return "not JSON";
        }
        String media = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return media.matches("[a-z0-9.+-]{1,40}/[a-z0-9.+-]{1,60}") ? "not JSON (" + media + ")" : "not JSON";
    }

    /**
     * How long a {@code Retry-After} header asks us to wait: whole seconds, or an HTTP date counted from {@code clock}
     * (a past date is no wait). Null when absent or unreadable.
     */
    public static @Nullable Duration retryAfter(@Nullable String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String v = header.trim();
        if (v.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            Instant at =
                    ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(clock.instant(), at);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
