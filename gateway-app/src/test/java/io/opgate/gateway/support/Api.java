package io.opgate.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls the gateway over HTTP as a client with a given API key (or none), for the security tests. */
public final class Api {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {};

    private final WebTestClient http;

    public Api(WebTestClient http) {
        this.http = http;
    }

    /** What the gateway answered. */
    public record Answer(int status, HttpHeaders headers, byte[] body) {

        public JsonNode json() {
            assertThat(body).as("body").isNotEmpty();
            return JSON.readTree(body);
        }

        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }

        /** Asserts a problem-details answer with {@code status}. */
        public Answer problem(int expected) {
            assertThat(status).as("status of " + text()).isEqualTo(expected);
            assertThat(headers.getContentType()).isNotNull();
            assertThat(headers.getContentType().equalsTypeAndSubtype(MediaType.APPLICATION_PROBLEM_JSON))
                    .as("problem+json")
                    .isTrue();
            assertThat(json().get("status").asInt()).isEqualTo(expected);
            assertThat(json().has("type") && json().has("title") && json().has("detail") && json().has("instance"))
                    .isTrue();
            return this;
        }
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    public Answer call(HttpMethod method, String uri, @Nullable String key, @Nullable String jsonBody) {
        return call(method, uri, key == null ? Map.of() : Map.of(HttpHeaders.AUTHORIZATION, "Bearer " + key), jsonBody);
    }

    public Answer call(HttpMethod method, String uri, Map<String, String> headers, @Nullable String jsonBody) {
        WebTestClient.RequestBodySpec request = http.method(method).uri(uri).headers(h -> headers.forEach(h::add));
        WebTestClient.RequestHeadersSpec<?> ready = jsonBody == null
                ? request
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(jsonBody);
        var result = ready.exchange().expectBody(byte[].class).returnResult();
        byte[] body = result.getResponseBody();
        return new Answer(result.getStatus().value(), result.getResponseHeaders(), body == null ? new byte[0] : body);
    }

    public Answer get(String uri, @Nullable String key) {
        return call(HttpMethod.GET, uri, key, null);
    }

    /** Registers {@code handle} on {@code backend} with {@code labels} as the caller of {@code key}. */
    public Answer register(@Nullable String key, String backend, String handle, String labelsJson) {
        return call(
                HttpMethod.POST,
                "/v1/operations",
                key,
                "{\"backend\":\"" + backend + "\",\"handle\":" + JSON.writeValueAsString(handle) + ",\"labels\":"
                        + labelsJson + "}");
    }

    /** The id of an operation newly registered as the caller of {@code key}. */
    public String registered(String key, String backend, String handle, String labelsJson) {
        Answer answer = register(key, backend, handle, labelsJson);
        assertThat(answer.status()).as("registration: " + answer.text()).isEqualTo(201);
        return answer.json().get("id").asString();
    }

    /** Opens an event stream; the caller reads {@code events()} of the answer or checks its status. */
    public FluxExchangeResult<ServerSentEvent<String>> open(String uri, Map<String, String> headers) {
        return http.get()
                .uri(uri)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .headers(h -> headers.forEach(h::add))
                .exchange()
                .returnResult(SSE);
    }

    public static Map<String, String> bearer(String key) {
        return Map.of(HttpHeaders.AUTHORIZATION, "Bearer " + key);
    }

    /** The named events of a stream up to and including the first that {@code until} accepts. */
    public static List<ServerSentEvent<String>> eventsUntil(
            FluxExchangeResult<ServerSentEvent<String>> stream, Predicate<ServerSentEvent<String>> until) {
        assertThat(stream.getStatus().value()).as("stream status").isEqualTo(200);
        Flux<ServerSentEvent<String>> events = stream.getResponseBody().filter(e -> e.event() != null);
        List<ServerSentEvent<String>> read =
                events.takeUntil(until).collectList().block(Duration.ofSeconds(20));
        assertThat(read).isNotNull();
        assertThat(read).as("the stream reached the awaited event").anyMatch(until);
        return read;
    }

    public static JsonNode data(ServerSentEvent<String> event) {
        return JSON.readTree(event.data());
    }
}
