package io.opgate.gateway.tracking;

import static io.opgate.gateway.support.ScriptedAdapter.running;
import static io.opgate.gateway.support.ScriptedAdapter.succeeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opgate.contracts.model.Operation;
import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.spi.CancelOutcome;
import io.opgate.contracts.spi.PollOutcome;
import io.opgate.gateway.security.Caller;
import io.opgate.gateway.store.OperationFilter;
import io.opgate.gateway.store.TrackedOperation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * What a client's reads and writes get from the service, on the engine with the memory store and virtual time: tenant
 * scoping, await, cancel and the checks a registration passes before the backend is asked.
 */
class OperationServiceTest {

    static final Caller A = new Caller("team-a", Set.of(Caller.Role.READ, Caller.Role.WRITE));
    static final Caller B = new Caller("team-b", Set.of(Caller.Role.READ, Caller.Role.WRITE));
    static final Caller ADMIN = new Caller("ops", Set.of(Caller.Role.READ, Caller.Role.ADMIN));

    private final EngineHarness h = new EngineHarness(Map.of("tenants", "team-a, team-b"));

    @AfterEach
    void close() {
        h.close();
    }

    private TrackedOperation register(Caller caller, String handle) {
        h.lab.answer(handle, running(10));
        return h.service
                .register(caller, "lab", handle, Map.of(), Map.of())
                .block()
                .operation();
    }

    private static void assertProblem(ThrowingCallable call, OperationProblem.Kind kind, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        OperationProblem.class, p -> assertThat(p.kind()).isEqualTo(kind))
                .hasMessageContaining(message);
    }

    @Test
    void aNewHandleIsPolledOnceAndStoredAsVersionOneOfTheCallersTenant() {
        TrackedOperation a = register(A, "job-1");

        assertThat(a.tenant()).isEqualTo("team-a");
        assertThat(a.operation().backend()).isEqualTo("lab");
        assertThat(a.operation().backendType()).isEqualTo("scripted");
        assertThat(a.operation().state()).isEqualTo(OperationState.RUNNING);
        assertThat(a.operation().version()).isEqualTo(1);
        assertThat(h.lab.polls("job-1")).hasSize(1);
        Registration again =
                h.service.register(A, "lab", "job-1", Map.of(), Map.of()).block();
        assertThat(again.created()).isFalse();
        assertThat(again.operation().id()).isEqualTo(a.id());
        assertThat(h.lab.polls("job-1")).as("no poll for a known handle").hasSize(1);
    }

    @Test
    void anotherTenantsOperationIsAnsweredAsOneThatDoesNotExist() {
        TrackedOperation a = register(A, "job-1");

        assertThat(h.service.find(B, a.id()).blockOptional()).isEmpty();
        assertProblem(() -> h.service.get(B, a.id()).block(), OperationProblem.Kind.NOT_FOUND, a.id());
        assertProblem(() -> h.service.delete(B, a.id()).block(), OperationProblem.Kind.NOT_FOUND, a.id());
        assertProblem(() -> h.service.cancel(B, a.id()).block(), OperationProblem.Kind.NOT_FOUND, a.id());
        assertThat(h.service.find(A, a.id()).block()).isEqualTo(h.current(a.id()));
        assertThat(h.service.get(ADMIN, a.id()).block().tenant()).isEqualTo("team-a");
    }

    @Test
    void listsAndCountsShowTheCallersOwnOperationsUnlessTheCallerIsAdmin() {
        TrackedOperation a = register(A, "job-1");
        TrackedOperation b = register(B, "job-2");
        OperationFilter askedForA = OperationFilter.tenant("team-a");

        assertThat(ids(B, askedForA)).containsExactly(b.id());
        assertThat(ids(ADMIN, askedForA)).containsExactly(a.id());
        assertThat(ids(ADMIN, OperationFilter.tenant(null))).containsExactlyInAnyOrder(a.id(), b.id());

        assertThat(h.service.counts(B, null).block().backends()).isEqualTo(Map.of("lab", 1L));
        assertThat(h.service.counts(ADMIN, null).block().backends()).isEqualTo(Map.of("lab", 2L));
    }

    private List<String> ids(Caller caller, OperationFilter filter) {
        return h.service.list(caller, filter, 10, null).block().items().stream()
                .map(TrackedOperation::id)
                .toList();
    }

    @Test
    void aRegistrationTheBackendCannotTakeIsRefusedWithoutAskingIt() {
        assertProblem(
                () -> h.service.register(A, "lab", "bad-1", Map.of(), Map.of()).block(),
                OperationProblem.Kind.INVALID,
                "handle is not valid for backend 'lab': test handles do not start with 'bad'");
        assertProblem(
                () -> h.service
                        .register(new Caller("team-c", Set.of(Caller.Role.WRITE)), "lab", "job-1", Map.of(), Map.of())
                        .block(),
                OperationProblem.Kind.FORBIDDEN,
                "tenant may not register operations on backend 'lab'");
        assertProblem(
                () -> h.service.register(A, "nope", "job-1", Map.of(), Map.of()).block(),
                OperationProblem.Kind.UNKNOWN_BACKEND,
                "no backend named 'nope'");
        assertThat(h.lab.polls("bad-1")).isEmpty();
        assertThat(h.lab.polls("job-1")).isEmpty();
    }

    @Test
    void awaitWithoutWaitingAnswersTheCurrentOperationAndPollsNothing() {
        TrackedOperation a = register(A, "job-1");
        h.advance(Duration.ofMinutes(3));
        TrackedOperation current = h.current(a.id());
        int polled = h.lab.polls("job-1").size();

        Operation answered = h.service
                .await(A, a.id(), Duration.ZERO, current.operation().version())
                .block();
        h.advance(Duration.ofMillis(1_100));

        assertThat(answered).isEqualTo(current.operation());
        assertThat(h.lab.polls("job-1")).as("not watched, so not polled sooner").hasSize(polled);
    }

    /** Backend {@code lab} answers {@code outcome} for job-1 from now on, and a watched poll sees it. */
    private Runnable answers(PollOutcome outcome) {
        return () -> {
            h.lab.answer("job-1", outcome);
            h.advance(Duration.ofSeconds(2));
        };
    }

    /** A's await of {@code op} for up to 30 s, on virtual time. */
    private StepVerifier.FirstStep<Operation> awaiting(TrackedOperation op, Long after) {
        return StepVerifier.withVirtualTime(() -> h.service.await(A, op.id(), Duration.ofSeconds(30), after));
    }

    @Test
    void awaitAnswersTheFirstVersionAfterTheOneGivenWithItsRawPayload() {
        TrackedOperation a = register(A, "job-1");
        long registered = a.operation().version();

        awaiting(a, registered)
                .expectSubscription()
                .then(() -> h.advance(Duration.ofSeconds(5)))
                .expectNoEvent(Duration.ofSeconds(1))
                .then(answers(running(60)))
                .assertNext(op -> {
                    assertThat(op.version()).isEqualTo(registered + 1);
                    assertThat(op.progress().percent()).isEqualTo(60.0);
                    assertThat(op.nativePayload()).isNotNull();
                })
                .verifyComplete();
    }

    @Test
    void awaitWithoutAVersionAnswersOnlyTheEnd() {
        TrackedOperation a = register(A, "job-1");

        awaiting(a, null)
                .expectSubscription()
                .then(answers(running(60)))
                .expectNoEvent(Duration.ofSeconds(1))
                .then(answers(succeeded()))
                .assertNext(op -> assertThat(op.state()).isEqualTo(OperationState.SUCCEEDED))
                .verifyComplete();

        awaiting(a, null)
                .as("a done operation is answered at once")
                .assertNext(op -> assertThat(op.state()).isEqualTo(OperationState.SUCCEEDED))
                .verifyComplete();
        assertThat(h.hub.clients()).as("no follower left behind").isZero();
        assertThat(h.watches.isWatched(a.id())).isFalse();
    }

    @Test
    void awaitAnswersTheOperationAsItIsWhenTheWaitEnds() {
        TrackedOperation a = register(A, "job-1");

        awaiting(a, null)
                .expectSubscription()
                .then(answers(running(60)))
                .expectNoEvent(Duration.ofSeconds(30))
                .assertNext(op -> {
                    assertThat(op.state()).isEqualTo(OperationState.RUNNING);
                    assertThat(op.progress().percent()).isEqualTo(60.0);
                })
                .verifyComplete();
    }

    @Test
    void awaitOfAnOperationDeletedMeanwhileIsNotFound() {
        TrackedOperation a = register(A, "job-1");

        awaiting(a, null)
                .expectSubscription()
                .then(() -> h.service.delete(A, a.id()).block())
                .expectErrorSatisfies(
                        e -> assertThat(e).isInstanceOfSatisfying(OperationProblem.class, p -> assertThat(p.kind())
                                .isEqualTo(OperationProblem.Kind.NOT_FOUND)))
                .verify();
    }

    @Test
    void anAcceptedCancelIsSeenByAPollWithinTheWatchedInterval() {
        TrackedOperation a = register(A, "job-1");
        h.advance(Duration.ofMinutes(3));
        assertThat(h.current(a.id()).interval())
                .as("grown while nothing changed")
                .isEqualTo(Duration.ofSeconds(30));
        h.lab.cancelAnswer("job-1", CancelOutcome.accepted());
        int polled = h.lab.polls("job-1").size();

        h.service.cancel(A, a.id()).block();
        h.advance(Duration.ofMillis(1_100));

        assertThat(h.lab.polls("job-1")).hasSize(polled + 1);
    }

    @Test
    void aCancelTheBackendDoesNotTakeSaysWhy() {
        TrackedOperation a = register(A, "job-1");

        h.lab.cancelAnswer("job-1", new CancelOutcome.Refused("already committing"));
        assertProblem(() -> h.service.cancel(A, a.id()).block(), OperationProblem.Kind.CONFLICT, "already committing");
        h.lab.cancelAnswer("job-1", new CancelOutcome.Unsupported("no single cancel"));
        assertProblem(() -> h.service.cancel(A, a.id()).block(), OperationProblem.Kind.UNSUPPORTED, "no single cancel");
        h.lab.cancelAnswer("job-1", new CancelOutcome.Failed("HTTP 503"));
        assertProblem(
                () -> h.service.cancel(A, a.id()).block(),
                OperationProblem.Kind.BACKEND_FAILED,
                "the backend did not answer the cancel request: HTTP 503");

        h.lab.answer("job-1", succeeded());
        h.advance(Duration.ofSeconds(2));
        h.lab.cancelAnswer("job-1", CancelOutcome.accepted());
        assertProblem(
                () -> h.service.cancel(A, a.id()).block(),
                OperationProblem.Kind.CONFLICT,
                "operation is already done (SUCCEEDED)");
    }
}
