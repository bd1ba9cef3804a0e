package io.opgate.gateway.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opgate.gateway.store.DueQueue;
import io.opgate.gateway.support.RedisExtension;
import io.opgate.gateway.support.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/** Two replicas' due queues and watch registries on one Redis, each with connections of its own. */
@ExtendWith(RedisExtension.class)
class RedisDueQueueIntegrationTests {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final Duration LEASE = Duration.ofSeconds(30);
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    static RedisConnections first;
    static RedisConnections second;

    RedisKeys keys;
    RedisWatchRegistry watchesA;
    RedisWatchRegistry watchesB;
    RedisDueQueue replicaA;
    RedisDueQueue replicaB;

    @BeforeAll
    static void connect(RedisServer redis) {
        first = RedisConnections.connect(redis.target(), Duration.ofMillis(500));
        second = RedisConnections.connect(redis.target(), Duration.ofMillis(500));
    }

    @AfterAll
    static void disconnect() throws Exception {
        first.close();
        second.close();
    }

    @BeforeEach
    void queues() {
        keys = new RedisKeys("due-" + UUID.randomUUID());
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        watchesA = new RedisWatchRegistry(first.commands(), keys, clock, Duration.ofSeconds(1), Schedulers.parallel());
        watchesB = new RedisWatchRegistry(second.commands(), keys, clock, Duration.ofSeconds(1), Schedulers.parallel());
        replicaA = new RedisDueQueue(first.commands(), keys, LEASE, clock);
        replicaB = new RedisDueQueue(second.commands(), keys, LEASE, clock);
    }

    @AfterEach
    void stop() {
        watchesA.close();
        watchesB.close();
    }

    List<String> claim(RedisDueQueue queue, Instant now) {
        return queue.claimDue(now, 1_000).map(DueQueue.Claim::id).collectList().block(WAIT);
    }

    @Test
    void twoReplicasClaimingAtOnceClaimEachOperationExactlyOnce() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ids.add("op" + i);
            replicaA.schedule("op" + i, T0.minusMillis(i)).block(WAIT);
        }
        List<String> claimed = Flux.range(0, 20)
                .flatMap(i -> (i % 2 == 0 ? replicaA : replicaB)
                        .claimDue(T0, 40)
                        .map(DueQueue.Claim::id)
                        .subscribeOn(Schedulers.parallel()))
                .collectList()
                .block(WAIT);
        assertThat(claimed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
        assertThat(claim(replicaB, T0.plus(LEASE).minusMillis(1))).isEmpty();
    }

    @Test
    void aLeaseThatIsNotRenewedLetsAnotherReplicaTakeTheOperationOver() {
        replicaA.schedule("x", T0).block(WAIT);
        assertThat(claim(replicaA, T0)).containsExactly("x");
        // Replica A dies without scheduling "x" again.
        assertThat(claim(replicaB, T0.plus(LEASE).minusMillis(1))).isEmpty();
        assertThat(claim(replicaB, T0.plus(LEASE))).containsExactly("x");
    }

    @Test
    void aClaimSaysWhichOperationsAreWatchedOnAnyReplicaAndChangesNoRegistry() {
        replicaA.schedule("watched", T0.minusSeconds(1)).block(WAIT);
        replicaA.schedule("plain", T0).block(WAIT);
        var watch = watchesA.watch("watched");
        // The mark travels on A's connection; wait until Redis has it.
        await().atMost(WAIT).until(() -> !first.commands()
                .zrange(keys.watched(), 0, -1)
                .collectList()
                .block(WAIT)
                .isEmpty());

        assertThat(replicaB.claimDue(T0, 10).collectList().block(WAIT))
                .containsExactly(
                        new DueQueue.Claim("watched", T0.minusSeconds(1), true),
                        new DueQueue.Claim("plain", T0, false));
        // Claiming is a read: B's registry learns of A's watchers at its own refresh, not from a claim.
        assertThat(watchesB.isWatched("watched")).isFalse();
        assertThat(watchesA.isWatched("watched")).isTrue();
        watch.dispose();
        assertThat(watchesA.isWatched("watched")).isFalse();
    }

    @Test
    void anOperationWhoseLeaseRanOutIsDueSinceTheLeaseEnded() {
        replicaA.schedule("x", T0).block(WAIT);
        claim(replicaA, T0);
        assertThat(replicaB.claimDue(T0.plus(LEASE).plusSeconds(3), 10)
                        .collectList()
                        .block(WAIT))
                .containsExactly(new DueQueue.Claim("x", T0.plus(LEASE), false));
    }

    @Test
    void refreshingSharesEveryReplicasWatchesAndForgetsEndedOnes() {
        var watch = watchesA.watch("w1");
        assertThat(watchesB.isWatched("w1")).isFalse();
        watchesA.refreshOnce().block(WAIT);
        watchesB.refreshOnce().block(WAIT);
        assertThat(watchesB.isWatched("w1")).isTrue();
        watch.dispose();
        // Nobody renews it: it lapses after three refresh periods.
        Clock later = Clock.fixed(T0.plusSeconds(4), ZoneOffset.UTC);
        RedisWatchRegistry afterwards =
                new RedisWatchRegistry(second.commands(), keys, later, Duration.ofSeconds(1), Schedulers.parallel());
        afterwards.refreshOnce().block(WAIT);
        assertThat(afterwards.isWatched("w1")).isFalse();
    }
}
