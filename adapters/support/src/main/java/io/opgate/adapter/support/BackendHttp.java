package io.opgate.adapter.support;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.timeout.ReadTimeoutException;
import io.opgate.contracts.spi.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;

/**
 * The transport half of every adapter: one bounded request, its answer as text, and short secret-free failures.
 *
 * <p>It exists so that each adapter reads a backend's answer, honours {@code Retry-After} and words a transport
 * failure the same way, and so that no adapter can pass an exception message (which may carry addresses, headers or
 * credentials) into an operation's status.
 */
public final class BackendHttp {

    /**
     * The response header block a backend may send: Huawei IAM's {@code X-Subject-Token} is ~9,100 characters (its
     * own example token decodes to ~6.8 KB) and CloudTest takes tokens of up to 100,000, where Reactor Netty's default
     * of 8,192 bytes fails the whole answer with {@code TooLongHttpHeaderException}.
     */
    public static final int MAX_RESPONSE_HEADERS = 128 * 1024;

    /**
     * The longest answer body read: a poll's answer is one job's status, and SolidFire's whole results stay far
     * below this. An answer beyond it is a failure, not a reason to hold megabytes per poll in memory.
     */
    public static final int MAX_RESPONSE_BODY = 16 * 1024 * 1024;

    private BackendHttp() {}

    /** {@code client} with the limits every backend needs: {@link #MAX_RESPONSE_HEADERS}. */
    public static HttpClient withVendorLimits(HttpClient client) {
        return client.httpResponseDecoder(spec -> spec.maxHeaderSize(MAX_RESPONSE_HEADERS));
    }

    /**
     * A POST of {@code body} sent whole, with {@code Content-Length}: what every vendor SDK sends, where a streamed
     * body would go out chunked, which appliance web servers answer with 411 or worse.
     */
    public static HttpClient.ResponseReceiver<?> post(HttpClient client, String uri, byte[] body) {
        return client.headers(h -> h.set(HttpHeaderNames.CONTENT_LENGTH, body.length))
                .post()
                .uri(uri)
                .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)));
    }

    /** An answer body larger than {@link #MAX_RESPONSE_BODY}. */
    public static final class BodyTooLarge extends RuntimeException {
        BodyTooLarge(long limit) {
            super("answer larger than " + limit + " bytes", null, false, false);
        }
    }

    /** A backend's answer, read whole, before any interpretation. */
    public record Reply(int status, @Nullable String contentType, @Nullable String retryAfter, String body) {

        /** Whether the status is 2xx. */
        public boolean successful() {
            return status >= 200 && status < 300;
        }

        /** Whether the status is one that may carry {@code Retry-After}: 429 or 503. */
        public boolean asksToWait() {
            return status == 429 || status == 503;
        }
    }

    /** The answer to {@code request}, bounded by {@code timeout} from subscription to the last byte. */
    public static Mono<Reply> exchange(HttpClient.ResponseReceiver<?> request, Duration timeout) {
        return request.response((response, content) -> text(content, response.responseHeaders(), MAX_RESPONSE_BODY)
                        .map(body -> new Reply(
                                response.status().code(),
                                response.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE),
                                response.responseHeaders().get(HttpHeaderNames.RETRY_AFTER),
                                body)))
                .next()
                .timeout(timeout);
    }

    /**
     * The whole body as UTF-8 text (empty when none), or {@link BodyTooLarge} as soon as it is known to exceed
     * {@code limit} bytes: from its {@code Content-Length} before reading, or while reading a chunked one.
     */
    public static Mono<String> text(ByteBufFlux content, HttpHeaders headers, long limit) {
        String declared = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        if (declared != null && declared.trim().matches("\\d{1,18}") && Long.parseLong(declared.trim()) > limit) {
            return Mono.error(new BodyTooLarge(limit));
        }
        return content.asByteArray()
                .reduceWith(ByteArrayOutputStream::new, (out, bytes) -> {
                    if ((long) out.size() + bytes.length > limit) {
                        throw new BodyTooLarge(limit);
                    }
                    out.writeBytes(bytes);
                    return out;
                })
                .map(out -> out.toString(StandardCharsets.UTF_8));
    }

    /** The value of an HTTP basic {@code Authorization} header, kept as a secret. */
    public static Secret basicAuth(String username, Secret password) {
        String pair = username + ":" + password.reveal();
        return Secret.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    /** Why a body could not be read as JSON, naming its media type when that explains it (an HTML error page). */
    public static String notJson(Reply reply) {
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

    /**
     * A short description of a transport failure. Exception messages are not passed on: they are written by libraries
     * that know nothing about which of their inputs are credentials, and can carry addresses or headers that do not
     * belong in an operation's status.
     */
    public static String describe(Throwable error, Duration timeout) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLarge) {
                return "answer larger than " + MAX_RESPONSE_BODY / (1024 * 1024) + " MiB";
            }
            if (t instanceof TooLongHttpHeaderException) {
                return "answer headers too large";
            }
            if (t instanceof TimeoutException || t instanceof ReadTimeoutException) {
                return "timeout after " + format(timeout);
            }
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host";
            }
            if (t instanceof SSLException) {
                return "TLS failure";
            }
            if (t instanceof IOException
                    && t.getMessage() != null
                    && t.getMessage().toLowerCase(Locale.ROOT).contains("reset")) {
                return "connection reset";
            }
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof PrematureCloseException) {
                return "connection closed prematurely";
            }
        }
        return "request failed (" + error.getClass().getSimpleName() + ")";
    }

    private static String format(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
