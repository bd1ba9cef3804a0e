package io.opgate.gateway.tracking;

import static io.opgate.gateway.support.ScriptedAdapter.running;
import static io.opgate.gateway.support.ScriptedAdapter.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opgate.gateway.security.Caller;
import io.opgate.gateway.store.TrackedOperation;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Who may track a backend handle, and when it is released, on the engine with the memory store and virtual time (the
 * same rules on Redis: {@code RedisHandleTrackersIntegrationTests}; over HTTP: {@code HandleOwnershipIntegrationTests}).
 */
class HandleOwnershipTest {

    static final Caller A = new Caller("team-a", Set.of(Caller.Role.READ, Caller.Role.WRITE));
    static final Caller B = new Caller("team-b", Set.of(Caller.Role.READ, Caller.Role.WRITE));

    static TrackedOperation register(EngineHarness h, Caller caller, String handle) {
        return h.service
                .register(caller, "lab", handle, Map.of(), Map.of())
                .block()
                .operation();
    }

    @Test
    void aHandleIsReleasedWhenItsOnlyTrackerIsDone() {
        try (EngineHarness h = new EngineHarness()) {
            h.lab.answer("job-1", running(10));
            TrackedOperation a = register(h, A, "job-1");
            h.lab.answer("job-1", succeeded());
            h.advance(Duration.ofSeconds(5));
            assertThat(h.current(a.id()).done()).isTrue();
            assertThat(h.lab.releases()).containsExactly("job-1");
        }
    }

    @Test
    void aSharedHandleIsReleasedOnlyWhenEveryTrackerIsDone() {
        try (EngineHarness h = new EngineHarness(Map.of("shared-handles", "true"))) {
            h.lab.answer("job-1", running(10));
            TrackedOperation a = register(h, A, "job-1");
            TrackedOperation b = register(h, B, "job-1");
            assertThat(b.id()).isNotEqualTo(a.id());
            // B's next poll is an hour away, so that A sees the end long before B does.
            h.queue
                    .schedule(b.id(), h.clock.instant().plus(Duration.ofHours(1)))
                    .block();

            h.lab.answer("job-1", succeeded());
            h.advance(Duration.ofSeconds(5));
            assertThat(h.current(a.id()).done()).isTrue();
            assertThat(h.current(b.id()).done()).isFalse();
            assertThat(h.lab.releases()).as("released while B still tracks it").isEmpty();

            h.advance(Duration.ofHours(1).plusSeconds(5));
            assertThat(h.current(b.id()).done()).isTrue();
            assertThat(h.lab.releases()).containsExactly("job-1");
        }
    }

    @Test
    void aHandleAnotherTenantTracksIsUnknownUntilThatTenantDeletesIt() {
        try (EngineHarness h = new EngineHarness()) {
            h.lab.answer("job-1", running(10));
            TrackedOperation a = register(h, A, "job-1");

            assertThatThrownBy(() -> register(h, B, "job-1"))
                    .isInstanceOfSatisfying(OperationProblem.class, p -> assertThat(p.kind())
                            .isEqualTo(OperationProblem.Kind.HANDLE_NOT_FOUND))
                    .hasMessage("backend 'lab' does not know handle 'job-1'");
            assertThatThrownBy(() -> register(h, B, "job-unknown"))
                    .as("a handle the backend does not know: the same answer")
                    .hasMessage("backend 'lab' does not know handle 'job-unknown'");
            assertThat(h.lab.polls("job-1"))
                    .as("B's attempt never reached the backend")
                    .hasSize(1);
            // A's own registration again is the same operation.
            assertThat(register(h, A, "job-1").id()).isEqualTo(a.id());

            h.service.delete(A, a.id()).block();
            assertThat(register(h, B, "job-1").tenant()).isEqualTo("team-b");
        }
    }

    @Test
    void aHandleWhoseRegistrationFailedIsFreeAtOnce() {
        try (EngineHarness h = new EngineHarness()) {
            assertThatThrownBy(() -> register(h, A, "job-2")).isInstanceOf(OperationProblem.class);
            h.lab.answer("job-2", running(10));
            assertThat(register(h, B, "job-2").tenant()).isEqualTo("team-b");
        }
    }

    @Test
    void paramsAreRefusedUnlessTheBackendListsThem() {
        try (EngineHarness h = new EngineHarness(Map.of("allowed-params", "projectUuid"))) {
            h.lab.answer("job-3", running(10));
            assertThatThrownBy(() -> h.service
                            .register(A, "slow", "job-3", Map.of("projectUuid", "p"), Map.of())
                            .block())
                    .isInstanceOfSatisfying(
                            OperationProblem.class, p -> assertThat(p.kind()).isEqualTo(OperationProblem.Kind.INVALID))
                    .hasMessageContaining("params.projectUuid is not allowed on backend 'slow' (it allows none)");
            assertThatThrownBy(() -> h.service
                            .register(A, "lab", "job-3", Map.of("resourceGroupId", "rg"), Map.of())
                            .block())
                    .hasMessageContaining(
                            "params.resourceGroupId is not allowed on backend 'lab'; it allows projectUuid");
            assertThat(h.service
                            .register(A, "lab", "job-3", Map.of("projectUuid", "p"), Map.of())
                            .block()
                            .operation()
                            .params())
                    .containsEntry("projectUuid", "p");
        }
    }
}
