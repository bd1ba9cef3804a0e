package io.opgate.gateway.reliability;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of {@code GET /v1/events} that records every operation event in a {@link OperationLedger} and, when the
 * stream ends or breaks, reconnects with {@code Last-Event-ID} as a browser would, counting resets and reconnects.
 */
final class Firehose implements AutoCloseable {

    static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {};
    static final JsonMapper JSON = JsonMapper.builder().build();
    /** A pool large enough for thousands of open streams (Reactor Netty's default holds a few dozen). */
    static final ReactorClientHttpConnector CONNECTOR =
            new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.builder("reliability-streams")
                    .maxConnections(4_000)
                    .pendingAcquireMaxCount(-1)
                    .build()));

    private final AtomicReference<String> lastEventId = new AtomicReference<>();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong opened = new AtomicLong();
    private final AtomicReference<OperationLedger> ledger = new AtomicReference<>();
    private final Disposable subscription;

    /** Records into {@code next} from now on: for a client that starts over, as after a reset. */
    void useLedger(OperationLedger next) {
        ledger.set(next);
    }

    /** Follows {@code baseUrls} in turn (one after each disconnect), recording as {@code source}. */
    Firehose(OperationLedger ledger, String source, String... baseUrls) {
        this.ledger.set(ledger);
        AtomicLong turn = new AtomicLong();
        this.subscription = Flux.defer(() -> {
                    String base = baseUrls[(int) (turn.getAndIncrement() % baseUrls.length)];
                    connects.incrementAndGet();
                    WebClient.RequestHeadersSpec<?> request =
                            WebClient.create(base).get().uri("/v1/events").accept(MediaType.TEXT_EVENT_STREAM);
                    String last = lastEventId.get();
                    if (last != null) {
                        request = request.header("Last-Event-ID", last);
                    }
                    AtomicBoolean answered = new AtomicBoolean();
                    return request.retrieve().bodyToFlux(SSE).doOnNext(first -> {
                        if (answered.compareAndSet(false, true)) {
                            opened.incrementAndGet();
                        }
                    });
                })
                .doOnNext(event -> {
                    if ("reset".equals(event.event())) {
                        resets.incrementAndGet();
                    } else if ("operation".equals(event.event())) {
                        JsonNode op = JSON.readTree(event.data());
                        this.ledger.get().record(source, op);
                        events.incrementAndGet();
                    }
                    if (event.id() != null) {
                        lastEventId.set(event.id());
                    }
                })
                .onErrorResume(e -> Mono.empty())
                .repeatWhen(ends -> ends.delayElements(Duration.ofMillis(200)))
                .subscribe();
    }

    long events() {
        return events.get();
    }

    long resets() {
        return resets.get();
    }

    /**
     * Connections the gateway has answered (its first frame arrived): from then on it follows changes for this client.
     * {@link #connects()} counts a connection before that, when it starts.
     */
    long opened() {
        return opened.get();
    }

    /** Connections made, the first included. */
    long connects() {
        return connects.get();
    }

    @Override
    public void close() {
        subscription.dispose();
    }
}
