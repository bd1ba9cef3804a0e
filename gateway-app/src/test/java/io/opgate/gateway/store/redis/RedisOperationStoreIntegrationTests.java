package io.opgate.gateway.store.redis;

import io.opgate.gateway.store.OperationStoreContract;
import io.opgate.gateway.support.RedisExtension;
import io.opgate.gateway.support.RedisServer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Redis store held to the store contract, on a real Redis; each test has a key prefix of its own. */
@ExtendWith(RedisExtension.class)
class RedisOperationStoreIntegrationTests extends OperationStoreContract {

    static RedisConnections connections;

    @BeforeAll
    static void connect(RedisServer redis) {
        connections = RedisConnections.connect(redis.target(), Duration.ofMillis(500));
    }

    @AfterAll
    static void disconnect() throws Exception {
        connections.close();
    }

    @Override
    protected StoreUnderTest create(int retainedChanges, int historyLimit) {
        RedisKeys keys = new RedisKeys("test-" + UUID.randomUUID());
        RedisChangeFeed feed =
                new RedisChangeFeed(connections.commands(), connections.feedReader(), keys, Duration.ofMillis(500));
        feed.start();
        return new StoreUnderTest(
                new RedisOperationStore(connections.commands(), keys, retainedChanges, historyLimit),
                feed,
                feed::close);
    }
}
