package io.opgate.gateway.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opgate.contracts.model.Operation;
import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.model.Progress;
import io.opgate.gateway.store.FeedCoherentSnapshots;
import io.opgate.gateway.store.OperationSnapshots.Snapshot;
import io.opgate.gateway.store.TrackedOperation;
import io.opgate.gateway.support.RedisExtension;
import io.opgate.gateway.support.RedisServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.Disposable;

/**
 * Two replicas on one Redis: replica B writes, replica A answers reads from its copy. The moment A's feed reader has a
 * change, A's copy answers it or something newer, never older, without asking Redis.
 */
@ExtendWith(RedisExtension.class)
class FeedCoherentSnapshotsRedisIntegrationTests {

    static final Duration WAIT = Duration.ofSeconds(10);

    RedisServer redis;
    RedisConnections a;
    RedisConnections b;
    RedisChangeFeed feedA;
    FeedCoherentSnapshots snapshotsA;
    RedisOperationStore storeB;

    @BeforeEach
    void replicas(RedisServer redis) {
        this.redis = redis;
        RedisKeys keys = new RedisKeys("coherent-" + UUID.randomUUID());
        a = RedisConnections.connect(redis.target(), Duration.ofMillis(500));
        b = RedisConnections.connect(redis.target(), Duration.ofMillis(500));
        feedA = new RedisChangeFeed(a.commands(), a.feedReader(), keys, Duration.ofMillis(500));
        feedA.start();
        // A copy is never read again in this test: only the feed can bring changes.
        snapshotsA = new FeedCoherentSnapshots(
                new RedisOperationStore(a.commands(), keys, 1_000),
                feedA,
                feedA::following,
                new FeedCoherentSnapshots.Limits(Duration.ofHours(1), 1_000),
                System::nanoTime);
        snapshotsA.start();
        storeB = new RedisOperationStore(b.commands(), keys, 1_000);
        await("replica A follows the feed")
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(20))
                .until(feedA::following);
    }

    @AfterEach
    void close() throws Exception {
        snapshotsA.close();
        feedA.close();
        a.close();
        b.close();
    }

    static TrackedOperation operation(String id) {
        Operation op = Operation.builder()
                .id(id)
                .backend("lab")
                .backendType("scripted")
                .handle("h-" + id)
                .state(OperationState.RUNNING)
                .updatedAt(Instant.parse("2025-03-01T10:00:00Z"))
                .version(1)
                .build();
        return new TrackedOperation(op, "t1", Map.of(), Duration.ofMillis(500), 0, null, null, null, 0);
    }

    @Test
    void aChangeWrittenByAnotherReplicaIsAnsweredOnceTheFeedReaderHasIt() {
        String id = "op-" + UUID.randomUUID();
        storeB.insertIfAbsent(operation(id)).block(WAIT);
        assertThat(snapshotsA.find(id).block(WAIT).operation().version()).isEqualTo(1);

        List<String> stale = new CopyOnWriteArrayList<>();
        List<Long> seen = new CopyOnWriteArrayList<>();
        // Subscribed after the copy's own reader, so each change reaches this callback after the copy has it.
        Disposable checking = feedA.live()
                .filter(change -> change.operation().id().equals(id))
                .subscribe(change -> {
                    AtomicReference<Snapshot> answered = new AtomicReference<>();
                    snapshotsA.find(id).subscribe(answered::set);
                    long version = change.operation().version();
                    seen.add(version);
                    if (answered.get() == null || answered.get().operation().version() < version) {
                        stale.add("change " + version + " answered " + answered.get());
                    }
                });
        try {
            for (int i = 2; i <= 30; i++) {
                int percent = i;
                storeB.update(
                                id,
                                op -> op.withOperation(op.operation().toBuilder()
                                        .version(op.operation().version() + 1)
                                        .progress(Progress.of((double) percent, null, null, null))
                                        .build()))
                        .block(WAIT);
            }
            await("A's feed reader gets every change").atMost(WAIT).until(() -> seen.contains(30L));
        } finally {
            checking.dispose();
        }
        assertThat(stale).as("answers older than a change already read").isEmpty();
        assertThat(snapshotsA.find(id).block(WAIT).operation().progress().percent())
                .isEqualTo(30.0);

        storeB.remove(id).block(WAIT);
        await("the removal reaches A's copy")
                .atMost(WAIT)
                .until(() -> snapshotsA.find(id).blockOptional(WAIT).isEmpty());
    }
}
