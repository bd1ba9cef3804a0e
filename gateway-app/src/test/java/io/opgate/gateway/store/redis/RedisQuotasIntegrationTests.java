package io.opgate.gateway.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.gateway.security.Caller;
import io.opgate.gateway.security.ConcurrencyLimit;
import io.opgate.gateway.security.ConcurrencyQuota;
import io.opgate.gateway.security.LimitExceeded;
import io.opgate.gateway.security.RegistrationRate;
import io.opgate.gateway.support.RedisExtension;
import io.opgate.gateway.support.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The Redis quotas of two replicas (two connections, two quota instances each with its own lease) on one real Redis:
 * what holds them together, and how a dead replica's share comes back.
 */
@ExtendWith(RedisExtension.class)
class RedisQuotasIntegrationTests {

    static final Duration LEASE = Duration.ofMillis(900);
    static RedisConnections first;
    static RedisConnections second;

    final Caller tenant = new Caller("t", Set.of(Caller.Role.READ));
    final Caller other = new Caller("u", Set.of(Caller.Role.READ));
    final List<AutoCloseable> closing = new ArrayList<>();
    RedisKeys keys;

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
    void prefix() {
        keys = new RedisKeys("quotas-" + UUID.randomUUID());
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    RedisConcurrencyQuota quota(RedisConnections on, int max) {
        RedisConcurrencyQuota quota = new SharedQuotas(on.commands(), keys, LEASE, Schedulers.parallel())
                .quota(new ConcurrencyLimit("streams", max, "event streams"));
        quota.start();
        closing.add(quota);
        return quota;
    }

    static ConcurrencyQuota.Permit take(ConcurrencyQuota quota, Caller caller) {
        return quota.acquire(caller).block(Duration.ofSeconds(5));
    }

    static void refused(ConcurrencyQuota quota, Caller caller) {
        StepVerifier.create(quota.acquire(caller))
                .expectErrorSatisfies(
                        e -> assertThat(e).isInstanceOf(LimitExceeded.class).hasMessageContaining("3 event streams"))
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void twoReplicasTogetherHoldAtMostTheMaximumPerTenant() {
        RedisConcurrencyQuota a = quota(first, 3);
        RedisConcurrencyQuota b = quota(second, 3);
        ConcurrencyQuota.Permit onA = take(a, tenant);
        take(a, tenant);
        take(b, tenant);
        refused(a, tenant);
        refused(b, tenant);
        assertThat(a.held("t")).as("a refusal leaves nothing counted").isEqualTo(2);
        take(b, other);

        onA.release().block(Duration.ofSeconds(5));
        onA.release().block(Duration.ofSeconds(5));
        take(b, tenant);
        refused(a, tenant);
        refused(b, tenant);
    }

    @Test
    void aReplicaCountsForTheOthersFromItsFirstUnitBeforeItsFirstRenewal() {
        // Not started: no renewal has written its lease, as for a replica whose first renewal is still on its way.
        RedisConcurrencyQuota starting = new SharedQuotas(second.commands(), keys, LEASE, Schedulers.parallel())
                .quota(new ConcurrencyLimit("streams", 3, "event streams"));
        closing.add(starting);
        RedisConcurrencyQuota running = quota(first, 3);
        take(starting, tenant);
        take(running, tenant);
        take(running, tenant);
        refused(running, tenant);
        refused(starting, tenant);
    }

    @Test
    void aReplicaThatStopsRenewingWithoutReleasingGivesItsShareBackAfterItsLease() {
        RedisConcurrencyQuota dying = quota(first, 3);
        RedisConcurrencyQuota survivor = quota(second, 3);
        take(dying, tenant);
        take(dying, tenant);
        take(survivor, tenant);
        refused(survivor, tenant);

        // Dies as a killed process would: no more renewals, and its units never given back.
        dying.close();
        long diedAt = System.nanoTime();
        Awaitility.await()
                .atMost(LEASE.multipliedBy(4))
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptionsInstanceOf(LimitExceeded.class)
                .until(() -> take(survivor, tenant) != null);
        assertThat(Duration.ofNanos(System.nanoTime() - diedAt))
                .as("not before the dead replica's last lease could have ended")
                .isGreaterThan(LEASE.dividedBy(3));
        take(survivor, tenant);
        refused(survivor, tenant);
    }

    @Test
    void aReleaseThatNeverReachedRedisIsMendedByTheNextRenewal() {
        RedisConcurrencyQuota a = quota(first, 3);
        RedisConcurrencyQuota b = quota(second, 3);
        take(a, tenant);
        take(a, tenant);
        // Redis counts a unit that A no longer holds, as when A's release was lost in an outage ...
        first.commands().hincrby(keys.quota("streams", "t"), a.replica(), 1).block(Duration.ofSeconds(5));
        // ... until A's next renewal writes down what it really holds.
        Awaitility.await()
                .atMost(LEASE.multipliedBy(3))
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptionsInstanceOf(LimitExceeded.class)
                .until(() -> take(b, tenant) != null);
        refused(b, tenant);
    }

    @Test
    void registrationsShareOneBucketInRedis() {
        RedisRegistrationRate a = new RedisRegistrationRate(first.binary(), keys, 0.05, 3);
        RedisRegistrationRate b = new RedisRegistrationRate(second.binary(), keys, 0.05, 3);
        StepVerifier.create(a.acquire(tenant)).verifyComplete();
        StepVerifier.create(b.acquire(tenant)).verifyComplete();
        StepVerifier.create(a.acquire(tenant)).verifyComplete();
        for (RegistrationRate replica : List.of(a, b)) {
            StepVerifier.create(replica.acquire(tenant))
                    .expectErrorSatisfies(e -> assertThat(((LimitExceeded) e).retryAfter())
                            .isBetween(Duration.ofSeconds(1), Duration.ofSeconds(20)))
                    .verify(Duration.ofSeconds(5));
        }
        StepVerifier.create(b.acquire(other)).verifyComplete();
    }
}
