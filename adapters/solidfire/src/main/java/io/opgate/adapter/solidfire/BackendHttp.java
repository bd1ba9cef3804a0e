package io.opgate.adapter.solidfire;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.timeout.ReadTimeoutException;
import io.opgate.contracts.spi.Secret;
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
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The transport half of the adapter: one bounded request, its answer as text, and short secret-free failures. */
final class BackendHttp {

    private BackendHttp() {}

    /** A backend's answer before any interpretation. */
    record Reply(int status, @Nullable String contentType, @Nullable String retryAfter, String body) {

        boolean successful() {
            return status >= 200 && status < 300;
        }

        boolean asksToWait() {
            return status == 429 || status == 503;
        }
    }

    /** The answer to {@code request}, bounded by {@code timeout} from subscription to the last byte. */
    static Mono<Reply> exchange(HttpClient.ResponseReceiver<?> request, Duration timeout) {
        return request.responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8)
                        .defaultIfEmpty("")
                        .map(body -> new Reply(
                                response.status().code(),
                                response.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE),
                                response.responseHeaders().get(HttpHeaderNames.RETRY_AFTER),
                                body)))
                .timeout(timeout);
    }

    /** The value of an HTTP basic {@code Authorization} header, kept as a secret. */
    static Secret basicAuth(String username, Secret password) {
        String pair = username + ":" + password.reveal();
        return Secret.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    /** The body as JSON, or null when it is empty or not JSON. */
    static @Nullable JsonNode parse(ObjectMapper json, String body) {
        if (body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = json.readTree(body);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** Why a body could not be read as JSON, naming its media type when that explains it (an HTML error page). */
    static String notJson(Reply reply) {
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

    /** How long a 429 or 503 answer asked us to wait: {@code Retry-After} in seconds or as an HTTP date. */
    static @Nullable Duration retryAfter(Reply reply, Clock clock) {
        String value = reply.retryAfter();
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
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
     * A short description of a transport failure. Exception messages are not passed on: they can carry addresses,
     * headers or other detail that does not belong in an operation's status.
     */
    static String describe(Throwable error, Duration timeout) {
        for (Throwable t = error; t != null; t = t.getCause()) {
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

    static String format(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
