package io.opgate.gateway.api;

import io.lettuce.core.RedisException;
import io.opgate.gateway.security.LimitExceeded;
import io.opgate.gateway.store.InvalidPageToken;
import io.opgate.gateway.tracking.OperationProblem;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.ObjectMapper;

/**
 * Answers every error, from any part of the server, as RFC 9457 problem details. Unexpected errors are logged with
 * their stack trace here and answered with a generic 500, so nothing internal reaches a client.
 */
@Component
@Order(-2)
class ProblemDetailsHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsHandler.class);
    static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private final ObjectMapper json;

    ProblemDetailsHandler(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(error);
        }
        Problem problem = problemFor(error);
        if (problem.status() == 503) {
            log.warn(
                    "Answering {} {} with 503: {}",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(),
                    error.getClass().getSimpleName());
        } else if (problem.status() >= 500 && !(error instanceof OperationProblem)) {
            log.error(
                    "Unexpected error answering {} {}",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(),
                    error);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        body.put("instance", exchange.getRequest().getPath().value());
        byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        response.setStatusCode(HttpStatusCode.valueOf(problem.status()));
        if (error instanceof LimitExceeded limit) {
            response.getHeaders()
                    .set(
                            HttpHeaders.RETRY_AFTER,
                            Long.toString(limit.retryAfter().toSeconds()));
        }
        response.getHeaders().setContentType(PROBLEM_JSON);
        if (hasBody(exchange)) {
            // An error may be answered before the request body was read. Reusing that connection trips a Reactor
            // Netty 1.3.7 bug that stops it reading (reactor/reactor-netty#4361): the client's next request would
            // hang. A fresh connection costs little on an error path.
            response.getHeaders().set(HttpHeaders.CONNECTION, "close");
        }
        response.getHeaders().setContentLength(bytes.length);
        DataBuffer buffer = response.bufferFactory().wrap(bytes);
        return response.writeWith(Mono.just(buffer));
    }

    private static boolean hasBody(ServerWebExchange exchange) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        return headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }

    static Problem problemFor(Throwable error) {
        if (error instanceof OperationProblem problem) {
            return forKind(problem);
        }
        if (error instanceof LimitExceeded) {
            return new Problem(429, "Too Many Requests", error.getMessage());
        }
        if (error instanceof InvalidPageToken) {
            return new Problem(400, "Bad Request", error.getMessage());
        }
        if (causedBy(error, RedisException.class)) {
            // Redis is away or too slow: a client may retry, and readiness says the same meanwhile.
            return new Problem(503, "Service Unavailable", "the gateway's store is unavailable; retry later");
        }
        if (causedBy(error, DataBufferLimitException.class)) {
            return new Problem(413, "Content Too Large", "the request body is larger than this gateway accepts");
        }
        if (error instanceof ServerWebInputException input) {
            String detail = causedBy(error, DecodingException.class)
                    ? "the body is not valid JSON"
                    : input.getReason() == null ? "the request is malformed" : input.getReason();
            return new Problem(400, "Bad Request", detail);
        }
        if (error instanceof ResponseStatusException status) {
            HttpStatus known = HttpStatus.resolve(status.getStatusCode().value());
            String title = known == null ? "Error" : known.getReasonPhrase();
            String detail = error.getClass() == ResponseStatusException.class
                    ? status.getReason() == null ? title : status.getReason()
                    : frameworkDetail(status.getStatusCode().value(), title);
            return new Problem(status.getStatusCode().value(), title, detail);
        }
        return new Problem(500, "Internal Server Error", "the gateway failed to answer; the error is in its log");
    }

    /**
     * The detail of a refusal the framework made (no route, a method or media type not served): its own message
     * repeats parts of the request (path, content type), and an answer echoes nothing a client sent.
     */
    private static String frameworkDetail(int status, String title) {
        return switch (status) {
            case 404 -> "nothing is served at this path";
            case 405 -> "this method is not served at this path";
            case 406 -> "this path answers in none of the media types the request accepts";
            case 415 -> "this path does not take a body of the request's content type";
            default -> title;
        };
    }

    private static Problem forKind(OperationProblem problem) {
        return switch (problem.kind()) {
            case INVALID -> new Problem(400, "Bad Request", problem.getMessage());
            case UNKNOWN_BACKEND -> new Problem(422, "Unknown Backend", problem.getMessage());
            case NOT_FOUND -> new Problem(404, "Not Found", problem.getMessage());
            case HANDLE_NOT_FOUND -> new Problem(404, "Handle Not Found", problem.getMessage());
            case FORBIDDEN -> new Problem(403, "Forbidden", problem.getMessage());
            case CONFLICT -> new Problem(409, "Conflict", problem.getMessage());
            case UNSUPPORTED -> new Problem(501, "Not Implemented", problem.getMessage());
            case BACKEND_FAILED -> new Problem(502, "Bad Gateway", problem.getMessage());
        };
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    record Problem(int status, String title, String detail) {}
}
