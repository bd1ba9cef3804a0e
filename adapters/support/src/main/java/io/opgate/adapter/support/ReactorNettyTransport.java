package io.opgate.adapter.support;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.timeout.ReadTimeoutException;
import io.opgate.contracts.spi.BackendReply;
import io.opgate.contracts.spi.BackendRequest;
import io.opgate.contracts.spi.BackendTransport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.http.client.PrematureCloseException;

/**
 * The {@link BackendTransport} on a Reactor Netty {@link HttpClient}: each exchange bounded by the request timeout,
 * answers read whole up to {@link #MAX_RESPONSE_BODY}, and every failure described in a few secret-free words.
 *
 * <p>The client's own settings (connection pool, TLS, {@code doOnRequest} hooks such as trace headers) apply to every
 * request; the Reactor context of the subscriber reaches those hooks.
 */
public final class ReactorNettyTransport implements BackendTransport {

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

    private final HttpClient client;
    private final Duration timeout;

    /**
     * A transport over {@code client} with the limits every backend needs ({@link #MAX_RESPONSE_HEADERS}) and
     * {@code timeout} between reads as well as for each whole exchange.
     *
     * @param timeout the request timeout, the same as the adapters' {@code AdapterContext.requestTimeout()}
     */
    public ReactorNettyTransport(HttpClient client, Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.client = client.httpResponseDecoder(spec -> spec.maxHeaderSize(MAX_RESPONSE_HEADERS))
                .responseTimeout(timeout);
    }

    @Override
    public Mono<BackendReply> send(BackendRequest request) {
        return Mono.defer(() -> exchange(request))
                .timeout(timeout)
                .onErrorMap(e -> !(e instanceof Failure), e -> new Failure(describe(e, timeout)));
    }

    private Mono<BackendReply> exchange(BackendRequest request) {
        byte[] body = request.body();
        HttpClient.RequestSender sender = client.headers(headers -> {
                    request.headers().forEach((name, value) -> headers.set(name, value.reveal()));
                    // Sent whole with its length, as every vendor SDK sends it: a streamed body would go out chunked,
                    // which appliance web servers answer with 411 or worse.
                    if (body != null) {
                        headers.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
                    }
                })
                .request(HttpMethod.valueOf(request.method()))
                .uri(request.uri());
        HttpClient.ResponseReceiver<?> receiver =
                body == null ? sender : sender.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)));
        return receiver.response((response, content) -> text(content, response.responseHeaders(), MAX_RESPONSE_BODY)
                        .map(text -> new BackendReply(response.status().code(), headers(response), text)))
                .next();
    }

    private static Map<String, String> headers(HttpClientResponse response) {
        Map<String, String> headers = new LinkedHashMap<>();
        response.responseHeaders()
                .forEach(header -> headers.putIfAbsent(header.getKey().toLowerCase(Locale.ROOT), header.getValue()));
        return headers;
    }

    /** An answer body larger than {@link #MAX_RESPONSE_BODY}. */
    static final class BodyTooLarge extends RuntimeException {
        BodyTooLarge(long limit) {
            super("answer larger than " + limit + " bytes", null, false, false);
        }
    }

    /**
     * The whole body as UTF-8 text (empty when none), or {@link BodyTooLarge} as soon as it is known to exceed
     * {@code limit} bytes: from its {@code Content-Length} before reading, or while reading a chunked one.
     */
    static Mono<String> text(ByteBufFlux content, HttpHeaders headers, long limit) {
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

    /**
     * A short description of a transport failure. Exception messages are not passed on: they are written by libraries
     * that know nothing about which of their inputs are credentials, and can carry addresses or headers that do not
     * belong in an operation's status.
     */
    static String describe(Throwable error, Duration timeout) {
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

    @Override
    public String toString() {
        return "ReactorNettyTransport[timeout=" + format(timeout) + "]";
    }
}
