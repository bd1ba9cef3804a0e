package io.opgate.contracts.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request to a backend, as a {@link BackendTransport} sends it: method, absolute URI, headers in the order
 * given, and an optional body sent whole with {@code Content-Length}. Immutable: {@link #header} returns a copy.
 *
 * <p>Every header value is kept as a {@link Secret}, as any of them may be a credential ({@code Authorization},
 * {@code X-Auth-Token}); {@link #toString()} names the headers and never shows a value or the body.
 */
public final class BackendRequest {

    private final String method;
    private final String uri;
    private final Map<String, Secret> headers;
    private final byte @Nullable [] body;

    private BackendRequest(String method, String uri, Map<String, Secret> headers, byte @Nullable [] body) {
        this.method = method;
        this.uri = uri;
        this.headers = headers;
        this.body = body;
    }

    /**
     * A request without headers yet.
     *
     * @param method the HTTP method, e.g. {@code PATCH}
     * @param uri the absolute URI, already percent-encoded: it is sent as given
     * @param body the body, sent whole with {@code Content-Length} (never chunked); null for none
     */
    public static BackendRequest of(String method, String uri, byte @Nullable [] body) {
        return new BackendRequest(
                Objects.requireNonNull(method, "method"),
                Objects.requireNonNull(uri, "uri"),
                Map.of(),
                body == null ? null : body.clone());
    }

    /** A {@code GET} of {@code uri} (absolute, already percent-encoded). */
    public static BackendRequest get(String uri) {
        return of("GET", uri, null);
    }

    /** A {@code POST} of {@code body} to {@code uri} (absolute, already percent-encoded), sent with its length. */
    public static BackendRequest post(String uri, byte[] body) {
        return of("POST", uri, Objects.requireNonNull(body, "body"));
    }

    /** This request with the header {@code name} set to {@code value}, replacing an earlier value of that name. */
    public BackendRequest header(String name, String value) {
        return header(name, Secret.of(value));
    }

    /** This request with the header {@code name} set to the secret {@code value}. */
    public BackendRequest header(String name, Secret value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Map<String, Secret> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new BackendRequest(method, uri, Collections.unmodifiableMap(more), body);
    }

    public String method() {
        return method;
    }

    public String uri() {
        return uri;
    }

    /** The headers by name, as given (case kept), in the order first given. */
    public Map<String, Secret> headers() {
        return headers;
    }

    /** A copy of the body; null when the request has none. */
    public byte @Nullable [] body() {
        return body == null ? null : body.clone();
    }

    @Override
    public String toString() {
        return method + " " + uri + " " + headers.keySet() + (body == null ? "" : " (" + body.length + " bytes)");
    }
}
