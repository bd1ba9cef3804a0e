package io.opgate.gateway.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opgate.contracts.spi.BackendAdapter;
import io.opgate.contracts.spi.PollOutcome;
import io.opgate.contracts.spi.PollRequest;
import io.opgate.gateway.metrics.MeteredBackendAdapter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/** A poll's backend request carries the W3C trace context of the poll, itself a child of the caller's when it has one. */
class BackendTraceHeadersTest {

    static final String NO_HEADER = "<none>";

    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    final DisposableServer backend = HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle((request, response) -> {
                received.add(request.requestHeaders().get("traceparent", NO_HEADER));
                return response.sendString(Mono.just("{}"));
            })
            .bindNow();
    final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    final OtelCurrentTraceContext current = new OtelCurrentTraceContext();
    final OtelTracer tracer = new OtelTracer(
            otel.getTracer("test"), current, event -> {}, new OtelBaggageManager(current, List.of(), List.of()));
    final OtelPropagator propagator = new OtelPropagator(otel.getPropagators(), otel.getTracer("test"));
    final ObservationRegistry observations = ObservationRegistry.create();

    BackendTraceHeadersTest() {
        observations.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
    }

    @AfterEach
    void stop() {
        backend.disposeNow();
        otel.close();
    }

    BackendAdapter adapter(HttpClient http) {
        BackendAdapter calling = request -> http.get()
                .uri("http://127.0.0.1:" + backend.port() + "/job/" + request.handle())
                .responseContent()
                .aggregate()
                .asString()
                .thenReturn(PollOutcome.Failed.of("not interesting"));
        return new MeteredBackendAdapter(calling, "lab", new SimpleMeterRegistry(), observations);
    }

    @Test
    void anEnginePollStartsATraceThatTheBackendReceives() throws InterruptedException {
        HttpClient http = HttpClient.create().doOnRequest(new BackendTraceHeaders(propagator));

        adapter(http).poll(new PollRequest("h1", Map.of())).block(Duration.ofSeconds(10));

        String traceparent = received.poll(5, TimeUnit.SECONDS);
        assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    }

    @Test
    void aPollInsideAClientRequestContinuesItsTrace() throws InterruptedException {
        HttpClient http = HttpClient.create().doOnRequest(new BackendTraceHeaders(propagator));
        Observation request = Observation.start("http.server.requests", observations);
        String traceId = traceIdOf(request);

        adapter(http)
                .poll(new PollRequest("h2", Map.of()))
                .contextWrite(context -> context.put(MeteredBackendAdapter.OBSERVATION_KEY, request))
                .block(Duration.ofSeconds(10));
        request.stop();

        String traceparent = received.poll(5, TimeUnit.SECONDS);
        assertThat(traceparent).startsWith("00-" + traceId + "-");
        assertThat(traceparent.split("-")[2])
                .as("the backend sees the poll's own span, not the request's")
                .isNotEqualTo(BackendTraceHeaders.currentSpan(
                                reactor.util.context.Context.of(MeteredBackendAdapter.OBSERVATION_KEY, request))
                        .context()
                        .spanId());
    }

    @Test
    void withoutTracingNoHeaderIsAdded() throws InterruptedException {
        adapter(HttpClient.create()).poll(new PollRequest("h3", Map.of())).block(Duration.ofSeconds(10));

        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(NO_HEADER);
    }

    static String traceIdOf(Observation observation) {
        return BackendTraceHeaders.currentSpan(
                        reactor.util.context.Context.of(MeteredBackendAdapter.OBSERVATION_KEY, observation))
                .context()
                .traceId();
    }
}
