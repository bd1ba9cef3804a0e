package io.opgate.gateway.tracking;

import static io.opgate.gateway.support.ScriptedAdapter.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opgate.contracts.spi.AdapterCapabilities;
import io.opgate.gateway.store.MemoryWatchRegistry;
import io.opgate.gateway.store.redis.RedisConnections;
import io.opgate.gateway.store.redis.RedisDueQueue;
import io.opgate.gateway.store.redis.RedisHandleTrackers;
import io.opgate.gateway.store.redis.RedisKeys;
import io.opgate.gateway.store.redis.RedisOperationStore;
import io.opgate.gateway.store.redis.RedisTarget;
import io.opgate.gateway.support.BoundSettings;
import io.opgate.gateway.support.RedisExtension;
import io.opgate.gateway.support.RedisServer;
import io.opgate.gateway.support.ScriptedAdapter;
import io.opgate.gateway.support.TcpGate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/** The engine on a real Redis whose every round trip takes {@link #ROUND_TRIP}. */
@ExtendWith(RedisExtension.class)
class PollingEngineRedisIntegrationTests {

    static final Duration ROUND_TRIP = Duration.ofMillis(100);
    static final int DUE = 30;

    @Test
    void operationsClaimedTogetherAreReadTogetherNotOneRoundTripEach(RedisServer redis) throws Exception {
        try (TcpGate link = TcpGate.slow(redis.host(), redis.port(), ROUND_TRIP);
                RedisConnections connections = RedisConnections.connect(behind(link, redis), Duration.ofMillis(500))) {
            RedisKeys keys = new RedisKeys("engine-" + UUID.randomUUID());
            Clock clock = Clock.systemUTC();
            RedisOperationStore store = new RedisOperationStore(connections.commands(), keys, 1_000);
            RedisDueQueue queue = new RedisDueQueue(connections.commands(), keys, Duration.ofSeconds(30), clock);
            ScriptedAdapter adapter =
                    new ScriptedAdapter().capabilities(new AdapterCapabilities(false, false, true, 50));
            Backend backend = new Backend("lab", BoundSettings.of(Map.of("type", "scripted")), adapter);
            // Its timer never runs: this test makes the one dispatch itself.
            VirtualTimeScheduler timer = VirtualTimeScheduler.create();
            PollingSettings settings = PollingSettings.defaults();
            PollingEngine engine = new PollingEngine(
                    store,
                    queue,
                    new BackendRegistry(List.of(backend)),
                    new MemoryWatchRegistry(),
                    settings,
                    new PollIntervals(settings),
                    new RedisHandleTrackers(connections.commands(), keys),
                    clock,
                    timer,
                    new SimpleMeterRegistry());
            HandleTracking handles = new HandleTracking(store, queue, engine, clock);
            for (int i = 0; i < DUE; i++) {
                adapter.answer("h" + i, running(10));
            }
            List<String> ids = Flux.range(0, DUE)
                    .flatMap(i -> handles.start(
                            new HandleTracking.Candidate(backend, "t", "h" + i, Map.of(), Map.of()),
                            provisional -> Mono.just(running(10))))
                    .map(registration -> registration.operation().id())
                    .collectList()
                    .block(Duration.ofSeconds(30));
            Flux.fromIterable(ids)
                    .flatMap(id -> queue.schedule(id, clock.instant()))
                    .blockLast(Duration.ofSeconds(30));
            engine.start();
            try {
                long started = System.nanoTime();
                engine.dispatchDue().subscribe();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> !adapter.batches().isEmpty());
                Duration tookUntilPolled = Duration.ofNanos(System.nanoTime() - started);

                assertThat(adapter.batches()).hasSize(1);
                assertThat(adapter.batches().get(0)).hasSize(DUE);
                // The claim and the reads are two round trips; one read after another would be 1 + 30.
                assertThat(tookUntilPolled).isLessThan(ROUND_TRIP.multipliedBy(DUE / 2));
            } finally {
                engine.close();
                timer.dispose();
            }
        }
    }

    private static RedisTarget behind(TcpGate link, RedisServer redis) {
        RedisURI uri = RedisURI.create(redis.url());
        uri.setHost("127.0.0.1");
        uri.setPort(link.port());
        RedisTarget direct = redis.target();
        return new RedisTarget(List.of(uri), false, null, direct.commandTimeout(), direct.connectTimeout());
    }
}
