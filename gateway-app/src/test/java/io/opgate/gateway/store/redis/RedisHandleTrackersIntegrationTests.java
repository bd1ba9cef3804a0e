package io.opgate.gateway.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.gateway.store.HandleTrackers;
import io.opgate.gateway.support.RedisExtension;
import io.opgate.gateway.support.RedisServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Handle ownership across replicas: two replicas' trackers, each on connections of its own, on one real Redis. A
 * handle belongs to the first tenant that claims it while that tenant's operation is stored.
 */
@ExtendWith(RedisExtension.class)
class RedisHandleTrackersIntegrationTests {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    static RedisConnections first;
    static RedisConnections second;

    RedisKeys keys;
    RedisHandleTrackers replicaA;
    RedisHandleTrackers replicaB;

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
    void trackers() {
        keys = new RedisKeys("trk-" + UUID.randomUUID());
        replicaA = new RedisHandleTrackers(first.commands(), keys);
        replicaB = new RedisHandleTrackers(second.commands(), keys);
    }

    boolean claim(RedisHandleTrackers on, String handle, String tenant, boolean exclusive, Instant now) {
        return on.claim("lab", handle, tenant, tenant + "-" + handle, exclusive, now)
                .block(WAIT);
    }

    /** Stores a stand-in for the operation under its real key: the claim asks only whether the key exists. */
    void stored(String id) {
        first.commands().hset(keys.operation(id), "rev", "1").block(WAIT);
    }

    @Test
    void aHandleClaimedOnOneReplicaIsRefusedToAnotherTenantOnTheOther() {
        assertThat(claim(replicaA, "h1", "team-a", true, T0)).isTrue();
        stored("team-a-h1");
        assertThat(claim(replicaB, "h1", "team-b", true, T0.plusSeconds(1))).isFalse();
        // Long after the claim: A's operation is still stored, so the handle is still A's.
        assertThat(claim(replicaB, "h1", "team-b", true, T0.plus(Duration.ofDays(1))))
                .isFalse();
        assertThat(claim(replicaB, "h1", "team-a", true, T0.plusSeconds(2)))
                .as("the owner again, on the other replica")
                .isTrue();
        assertThat(replicaB.trackers("lab", "h1").block(WAIT)).containsExactly("team-a-h1");
    }

    @Test
    void ofTwoTenantsClaimingAtOnceOnTwoReplicasExactlyOneWins() {
        List<String> handles = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            handles.add("race-" + i);
        }
        List<Boolean> won = Flux.fromIterable(handles)
                .flatMap(handle -> Mono.zip(
                                Mono.defer(() -> replicaA.claim("lab", handle, "team-a", "a-" + handle, true, T0))
                                        .subscribeOn(Schedulers.parallel()),
                                Mono.defer(() -> replicaB.claim("lab", handle, "team-b", "b-" + handle, true, T0))
                                        .subscribeOn(Schedulers.parallel()))
                        .map(both -> both.getT1() ^ both.getT2()))
                .collectList()
                .block(WAIT);
        assertThat(won).hasSize(handles.size()).containsOnly(true);
    }

    @Test
    void aClaimWhoseOperationWasNeverStoredLapsesAfterThePendingTime() {
        assertThat(claim(replicaA, "h2", "team-a", true, T0)).isTrue();
        // A's registration is still under way (its first poll): the handle is A's for the pending time.
        assertThat(claim(
                        replicaB,
                        "h2",
                        "team-b",
                        true,
                        T0.plus(HandleTrackers.PENDING).minusSeconds(1)))
                .isFalse();
        // Nothing was stored (the registration failed, the replica died): afterwards B may have it.
        assertThat(claim(replicaB, "h2", "team-b", true, T0.plus(HandleTrackers.PENDING)))
                .isTrue();
        assertThat(replicaA.trackers("lab", "h2").block(WAIT)).containsExactly("team-b-h2");
    }

    @Test
    void aForgottenTrackerFreesTheHandleAtOnce() {
        assertThat(claim(replicaA, "h3", "team-a", true, T0)).isTrue();
        replicaA.forget("lab", "h3", "team-a-h3").block(WAIT);
        assertThat(claim(replicaB, "h3", "team-b", true, T0.plusSeconds(1))).isTrue();
    }

    @Test
    void onABackendThatSharesHandlesEveryTenantIsRecordedAsATracker() {
        assertThat(claim(replicaA, "h4", "team-a", false, T0)).isTrue();
        stored("team-a-h4");
        assertThat(claim(replicaB, "h4", "team-b", false, T0)).isTrue();
        assertThat(replicaA.trackers("lab", "h4").block(WAIT)).containsExactlyInAnyOrder("team-a-h4", "team-b-h4");
        // The same handle on another backend is another handle.
        assertThat(replicaB.claim("other", "h4", "team-c", "team-c-h4", true, T0)
                        .block(WAIT))
                .isTrue();
    }
}
