package io.opgate.gateway.store.redis;

import io.opgate.gateway.store.DueQueue;
import io.opgate.gateway.store.DueQueueContract;
import io.opgate.gateway.support.RedisExtension;
import io.opgate.gateway.support.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The shared queue held to the due-queue contract, on a real Redis; each test has a key prefix of its own. */
@ExtendWith(RedisExtension.class)
class RedisDueQueueContractIntegrationTests extends DueQueueContract {

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
    protected DueQueue create() {
        return new RedisDueQueue(
                connections.commands(),
                new RedisKeys("due-" + UUID.randomUUID()),
                Duration.ofDays(2),
                Clock.fixed(T0, ZoneOffset.UTC));
    }
}
