package io.opgate.gateway.security;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The stream a stream token opens: the path of one of the two event streams and its filters, in one canonical form
 * (parameters decoded, sorted, re-encoded), so that {@code ?state=RUNNING&backend=a} and {@code ?backend=a&state=RUNNING}
 * are the same stream. Where to resume ({@code lastEventId}) and the token itself are not part of it: a client resumes
 * the same stream with a new token.
 */
public final class StreamScope {

    private static final Pattern OPERATION_STREAM = Pattern.compile("/v1/operations/[A-Za-z0-9_-]{1,128}/events");
    private static final String ALL = "/v1/events";
    private static final Set<String> NOT_PART = Set.of(BearerCredentialsConverter.TOKEN_PARAMETER, "lastEventId");
    static final int MAX_LENGTH = 4096;

    private StreamScope() {}

    /** The stream a request opens. */
    public static String of(ServerHttpRequest request) {
        return canonical(
                request.getPath().pathWithinApplication().value(),
                request.getURI().getRawQuery());
    }

    /**
     * The stream a client names when it asks for a token: the path of one of the two event streams and the query it
     * will open it with (without {@code ?}; may be empty), or empty when it names neither event stream or the query is
     * malformed.
     */
    public static Optional<String> parse(String path, String query) {
        if (path.length() + query.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        if (!path.equals(ALL) && !OPERATION_STREAM.matcher(path).matches()) {
            return Optional.empty();
        }
        String raw = query.startsWith("?") ? query.substring(1) : query;
        try {
            return Optional.of(canonical(path, raw));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    static String canonical(String path, @Nullable String rawQuery) {
        List<String> parameters = new ArrayList<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                if (!NOT_PART.contains(name)) {
                    parameters.add(encode(name) + "=" + encode(value));
                }
            }
        }
        parameters.sort(null);
        return parameters.isEmpty() ? path : path + "?" + String.join("&", parameters);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
