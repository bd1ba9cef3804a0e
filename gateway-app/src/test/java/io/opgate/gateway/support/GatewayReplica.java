package io.opgate.gateway.support;

import io.opgate.gateway.OpgateApplication;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/**
 * One gateway replica started in this JVM on a free port, on the Redis store, with the scripted backend
 * {@code replicas} (its adapter is shared by every replica in the JVM, which lets tests count polls across them).
 */
public final class GatewayReplica implements AutoCloseable {

    public static final String BACKEND = "replicas";
    public static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {};

    private final ConfigurableApplicationContext context;
    private final int port;
    private final WebTestClient http;

    private GatewayReplica(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
        this.http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** Starts a replica on {@code redisUrl} under {@code keyPrefix}, with {@code extra} settings on top. */
    public static GatewayReplica start(String redisUrl, String keyPrefix, Map<String, Object> extra) {
        return start(Map.of("spring.data.redis.url", redisUrl), keyPrefix, extra);
    }

    /**
     * Starts a replica on the Redis that {@code redis} describes ({@code spring.data.redis.*} keys) under
     * {@code keyPrefix}, with {@code extra} settings on top.
     */
    public static GatewayReplica start(Map<String, Object> redis, String keyPrefix, Map<String, Object> extra) {
        Map<String, Object> properties = new LinkedHashMap<>(redis);
        properties.put("server.port", 0);
        properties.put("server.address", "127.0.0.1");
        properties.put("server.shutdown", "immediate");
        properties.put("opgate.store", "redis");
        properties.put("spring.data.redis.timeout", "1s");
        properties.put("opgate.redis.key-prefix", keyPrefix);
        properties.put("opgate.redis.lease", "2s");
        properties.put("opgate.redis.watch-refresh", "300ms");
        properties.put("opgate.redis.feed-block", "500ms");
        properties.put("opgate.security.mode", "none");
        properties.put("opgate.backends." + BACKEND + ".type", "scripted");
        properties.put("opgate.backends." + BACKEND + ".max-concurrency", "8");
        properties.put("opgate.polling.initial-interval", "400ms");
        properties.put("opgate.polling.max-interval", "400ms");
        properties.put("opgate.polling.watched-interval", "400ms");
        properties.put("opgate.polling.timeout", "1s");
        properties.put("opgate.sse.keepalive", "500ms");
        properties.put("opgate.events.retained-changes", "1000");
        properties.put("spring.main.banner-mode", "off");
        properties.putAll(extra);
        return new GatewayReplica(new SpringApplicationBuilder(OpgateApplication.class)
                .properties(properties)
                .run());
    }

    public WebTestClient http() {
        return http;
    }

    public int port() {
        return port;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** Registers {@code handle} on the scripted backend; answers the operation's id. */
    public String register(String handle) {
        return http.post()
                .uri("/v1/operations")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"backend\":\"" + BACKEND + "\",\"handle\":\"" + handle + "\"}")
                .exchange()
                .expectStatus()
                .is2xxSuccessful()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("id")
                .asString();
    }

    /** The events of a stream (comments left out), with {@code Last-Event-ID} when not null. */
    public Flux<ServerSentEvent<String>> events(String uri, String lastEventId) {
        WebTestClient.RequestHeadersSpec<?> request = http.get().uri(uri).accept(MediaType.TEXT_EVENT_STREAM);
        if (lastEventId != null) {
            request = request.header("Last-Event-ID", lastEventId);
        }
        return request.exchange()
                .expectStatus()
                .isOk()
                .returnResult(SSE)
                .getResponseBody()
                .filter(e -> e.event() != null);
    }

    public boolean isRunning() {
        return context.isActive();
    }

    @Override
    public void close() {
        if (context.isActive()) {
            context.close();
        }
    }
}
