package io.opgate.gateway.tracking;

import static io.opgate.gateway.support.ScriptedAdapter.running;
import static io.opgate.gateway.support.ScriptedAdapter.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.spi.AdapterCapabilities;
import io.opgate.contracts.spi.DiscoveryOutcome;
import io.opgate.gateway.security.Caller;
import io.opgate.gateway.store.DiscoveryLease;
import io.opgate.gateway.store.TrackedOperation;
import io.opgate.gateway.support.ScriptedAdapter;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Discovery on virtual time: listed jobs become ordinary operations of the discovery tenant. */
class DiscoveryTest {

    private static final PollingSettings SETTINGS = new PollingSettings(
            Duration.ofMillis(500),
            Duration.ofSeconds(5),
            Duration.ofSeconds(1),
            Duration.ofSeconds(10),
            Duration.ofMinutes(10),
            3,
            Duration.ofHours(1),
            Duration.ofMillis(100));

    private static final Map<String, String> DISCOVERY = Map.of(
            "discovery.enabled", "true",
            "discovery.interval", "10s",
            "discovery.tenant", "ops",
            "discovery.labels.source", "discovered");

    private static final Caller OPS = new Caller("ops", Set.of(Caller.Role.READ, Caller.Role.WRITE));

    private EngineHarness h = new EngineHarness(SETTINGS, DISCOVERY, new AdapterCapabilities(false, true, true, 50));

    @AfterEach
    void close() {
        h.close();
    }

    private TrackedOperation discovered(String handle) {
        return h.current(OperationIds.of("ops", "lab", handle));
    }

    @Test
    void aListedJobBecomesAnOperationOfTheDiscoveryTenantWithItsLabelsAndIsPolledToItsEnd() {
        h.lab.answer("j1", running(20)).lists("j1");
        h.discovery(DiscoveryLease.inMemory());
        h.advance(Duration.ofMillis(100));

        TrackedOperation op = discovered("j1");
        assertThat(op).isNotNull();
        assertThat(op.tenant()).isEqualTo("ops");
        assertThat(op.operation().labels()).containsEntry("source", "discovered");
        assertThat(op.operation().state()).isEqualTo(OperationState.RUNNING);
        assertThat(op.operation().version()).isEqualTo(1);

        h.lab.answer("j1", succeeded());
        h.advance(Duration.ofSeconds(6));
        assertThat(discovered("j1").operation().state()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(discovered("j1").expiresAt()).isNotNull();
    }

    @Test
    void aLaterRegistrationByThatTenantAnswersTheDiscoveredOperation() {
        h.lab.answer("j1", running(20)).lists("j1");
        h.discovery(DiscoveryLease.inMemory());
        h.advance(Duration.ofMillis(100));

        Registration registration =
                h.service.register(OPS, "lab", "j1", Map.of(), Map.of()).block();
        assertThat(registration.created()).isFalse();
        assertThat(registration.operation().id()).isEqualTo(discovered("j1").id());
        // The discovered job belongs to the discovery tenant: another tenant's registration finds it unknown.
        assertThatThrownBy(() -> h.service
                        .register(Caller.unauthenticated(), "lab", "j1", Map.of(), Map.of())
                        .block())
                .isInstanceOfSatisfying(OperationProblem.class, p -> assertThat(p.kind())
                        .isEqualTo(OperationProblem.Kind.HANDLE_NOT_FOUND));
    }

    @Test
    void aJobItsTenantTracksAlreadyIsLeftAsItIs() {
        h.lab.answer("j1", running(20));
        TrackedOperation registered = h.service
                .register(OPS, "lab", "j1", Map.of(), Map.of("team", "storage"))
                .block()
                .operation();
        h.lab.lists("j1");
        h.discovery(DiscoveryLease.inMemory());
        h.advance(Duration.ofMillis(100));

        assertThat(discovered("j1").operation().labels()).isEqualTo(Map.of("team", "storage"));
        assertThat(discovered("j1").operation().version())
                .isEqualTo(registered.operation().version());
    }

    @Test
    void aJobThatEndedWithinTheWindowIsAdoptedDoneAndNeverPolled() {
        h.lab.answer("old", succeeded()).lists("old");
        h.discovery(DiscoveryLease.inMemory());
        h.advance(Duration.ofSeconds(30));

        assertThat(discovered("old").operation().state()).isEqualTo(OperationState.SUCCEEDED);
        assertThat(discovered("old").expiresAt()).isNotNull();
        assertThat(h.lab.polls("old")).isEmpty();
    }

    @Test
    void theListingIsAskedOncePerInterval() {
        h.lab.answer("j1", running(20)).lists("j1");
        h.discovery(DiscoveryLease.inMemory());
        h.advance(Duration.ofSeconds(100));

        assertThat(h.lab.discoveries()).hasSizeBetween(10, 11);
        assertThat(EngineHarness.gaps(h.lab.discoveries()))
                .allSatisfy(g -> assertThat(g).isBetween(9_000L, 10_000L));
    }

    @Test
    void twoReplicasSharingTheLeaseDiscoverOnceBetweenThem() {
        h.lab.answer("j1", running(20)).lists("j1");
        DiscoveryLease shared = DiscoveryLease.inMemory();
        h.discovery(shared);
        h.discovery(shared);
        h.advance(Duration.ofSeconds(100));

        assertThat(h.lab.discoveries()).hasSizeBetween(10, 11);
    }

    @Test
    void onlyTheConfiguredTypesAreAdopted() {
        h.close();
        Map<String, String> settings = new java.util.HashMap<>(DISCOVERY);
        settings.put("discovery.types", "Clone, BulkVolume");
        h = new EngineHarness(SETTINGS, settings, new AdapterCapabilities(false, true, true, 50));
        h.lab.answer(
                        "clone",
                        ScriptedAdapter.observed(io.opgate.contracts.spi.Observation.builder(OperationState.RUNNING)
                                .type("clone")
                                .build()))
                .answer("other", running(10))
                .lists("clone", "other");
        h.discovery(DiscoveryLease.inMemory());
        h.advance(Duration.ofMillis(100));

        assertThat(discovered("clone")).isNotNull();
        assertThat(discovered("other")).isNull();
    }

    @Test
    void aFailedListingChangesNothingAndIsTriedAgainNextInterval() {
        h.lab.listing(DiscoveryOutcome.Failed.of("HTTP 500"));
        h.discovery(DiscoveryLease.inMemory());
        h.advance(Duration.ofSeconds(5));
        assertThat(h.lab.discoveries()).hasSize(1);

        h.lab.answer("j1", running(20)).lists("j1");
        h.advance(Duration.ofSeconds(10));
        assertThat(discovered("j1")).isNotNull();
        assertThat(h.meters
                        .get("opgate.discovery.runs")
                        .tag("outcome", "failed")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(h.meters
                        .get("opgate.discovery.runs")
                        .tag("outcome", "listed")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void theAdoptedCounterCountsNewOperationsOnly() {
        h.lab.answer("j1", running(20)).answer("j2", running(30)).lists("j1", "j2");
        h.discovery(DiscoveryLease.inMemory());
        h.advance(Duration.ofSeconds(25));

        assertThat(h.lab.discoveries()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(h.meters
                        .get("opgate.discovery.adopted")
                        .tag("backend", "lab")
                        .counter()
                        .count())
                .isEqualTo(2);
    }

    @Test
    void aJobWhoseHandleAnotherTenantTracksIsLeftToThatTenant() {
        h.lab.answer("j1", running(20));
        TrackedOperation theirs = h.service
                .register(Caller.unauthenticated(), "lab", "j1", Map.of(), Map.of())
                .block()
                .operation();
        h.lab.lists("j1");
        h.discovery(DiscoveryLease.inMemory());
        h.advance(Duration.ofMillis(100));

        assertThat(h.lab.discoveries()).hasSize(1);
        assertThat(discovered("j1")).isNull();
        assertThat(h.current(theirs.id())).isNotNull();
    }

    @Test
    void theLeaseIsLookedForEveryTenthOfTheIntervalAtMostEverySecond() {
        assertThat(Discovery.tick(Duration.ofSeconds(5))).isEqualTo(Duration.ofMillis(500));
        assertThat(Discovery.tick(Duration.ofMinutes(5))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aDiscoveredOperationIsBatchedWithTheOthers() {
        h.lab.answer("j1", running(20)).answer("j2", running(30)).lists("j1", "j2");
        h.discovery(DiscoveryLease.inMemory());
        h.advance(Duration.ofSeconds(30));
        h.lab.batches()
                .subList(h.lab.batches().size() - 3, h.lab.batches().size())
                .forEach(b -> assertThat(b).containsExactlyInAnyOrder("j1", "j2"));
    }
}
