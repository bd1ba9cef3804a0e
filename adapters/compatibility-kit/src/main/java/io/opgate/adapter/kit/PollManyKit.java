package io.opgate.adapter.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.adapter.kit.AdapterCompatibilityKit.Scenario;
import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.spi.BackendAdapter;
import io.opgate.contracts.spi.PollOutcome;
import io.opgate.contracts.spi.PollRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link BackendAdapter#pollMany}, inherited by the test of every adapter that declares the capability
 * (a test class extending {@link AdapterCompatibilityKit} that also implements this interface).
 *
 * <p>The rules: every handle asked about gets exactly one outcome, the one a single poll would have given (observed
 * in its state, not found when the vendor's answer shows it does not know the handle); an answer that is not usable
 * (5xx, garbage, timeout) fails every handle, and never makes one "not found".
 */
public interface PollManyKit {

    /** The fake backend the kit scripts. */
    FakeHttpServer fakeBackend();

    /** The adapter under test, talking to {@link #fakeBackend()}. */
    BackendAdapter adapterUnderTest();

    /** The same adapter giving up on a request after {@link AdapterCompatibilityKit#SHORT_TIMEOUT}. */
    BackendAdapter impatientAdapter();

    /**
     * The handles the kit polls together and what the vendor holds for each. It must contain the kit's
     * {@code handle()} as {@link Scenario#SUCCEEDED}, holding the same job a single poll in that scenario answers, and
     * at least one {@link Scenario#NOT_FOUND}.
     */
    Map<String, Scenario> pollManyJobs();

    /** The handle the kit's single polls use ({@code AdapterCompatibilityKit.handle()}). */
    String singleHandle();

    /** The single poll's outcome in {@code scenario}, as the base kit scripts it. */
    PollOutcome singlePoll(Scenario scenario);

    /** The vendor's real answer to {@code request}, one of the adapter's requests for {@link #pollManyJobs()}. */
    FakeResponse respondToPollMany(RecordedRequest request);

    private Map<String, PollOutcome> pollManyAnswering(Function<RecordedRequest, FakeResponse> script) {
        return pollManyAnswering(adapterUnderTest(), script);
    }

    private Map<String, PollOutcome> pollManyAnswering(
            BackendAdapter adapter, Function<RecordedRequest, FakeResponse> script) {
        fakeBackend().script(script);
        List<PollRequest> requests =
                pollManyJobs().keySet().stream().map(PollRequest::of).toList();
        Map<String, PollOutcome> outcomes =
                adapter.pollMany(requests).block(AdapterCompatibilityKit.REQUEST_TIMEOUT.multipliedBy(20));
        assertThat(outcomes).as("poll many always has outcomes").isNotNull();
        assertThat(outcomes.keySet())
                .as("one outcome per handle")
                .isEqualTo(pollManyJobs().keySet());
        return outcomes;
    }

    @Test
    default void pollManyIsDeclared() {
        assertThat(adapterUnderTest().capabilities().pollMany()).isTrue();
        assertThat(adapterUnderTest().capabilities().batchSize()).isGreaterThan(1);
    }

    @Test
    default void pollManyGivesEveryHandleTheOutcomeOfItsJob() {
        Map<String, PollOutcome> outcomes = pollManyAnswering(this::respondToPollMany);
        pollManyJobs().forEach((handle, scenario) -> {
            PollOutcome outcome = outcomes.get(handle);
            switch (scenario) {
                case NOT_FOUND -> assertThat(outcome).as(handle).isInstanceOf(PollOutcome.NotFound.class);
                case SERVER_ERROR -> assertThat(outcome).as(handle).isInstanceOf(PollOutcome.Failed.class);
                default -> {
                    assertThat(outcome).as(handle).isInstanceOf(PollOutcome.Observed.class);
                    OperationState state =
                            ((PollOutcome.Observed) outcome).observation().state();
                    switch (scenario) {
                        case RUNNING ->
                            assertThat(state.isTerminal()).as(handle).isFalse();
                        case SUCCEEDED -> assertThat(state).as(handle).isEqualTo(OperationState.SUCCEEDED);
                        case FAILED -> assertThat(state).as(handle).isEqualTo(OperationState.FAILED);
                        default -> throw new AssertionError(scenario);
                    }
                }
            }
        });
    }

    @Test
    default void pollManyObservesWhatASinglePollObserves() {
        assertThat(pollManyJobs()).containsEntry(singleHandle(), Scenario.SUCCEEDED);
        PollOutcome single = singlePoll(Scenario.SUCCEEDED);
        PollOutcome many = pollManyAnswering(this::respondToPollMany).get(singleHandle());
        assertThat(many).isInstanceOf(PollOutcome.Observed.class);
        assertThat(((PollOutcome.Observed) many).observation())
                .isEqualTo(((PollOutcome.Observed) single).observation());
    }

    @Test
    default void pollManyOfAFailingBackendFailsEveryHandle() {
        pollManyAnswering(request -> FakeResponse.json(500, "{\"error\": \"internal\"}"))
                .forEach((handle, outcome) -> assertThat(outcome).as(handle).isInstanceOf(PollOutcome.Failed.class));
    }

    @Test
    default void pollManyOfGarbageFailsEveryHandleAndFindsNoneMissing() {
        for (FakeResponse body : FakeResponse.garbage()) {
            pollManyAnswering(request -> body).forEach((handle, outcome) -> assertThat(outcome)
                    .as("%s answered with %s", handle, body.body())
                    .isInstanceOf(PollOutcome.Failed.class));
        }
    }

    @Test
    default void pollManyThatTimesOutFailsEveryHandle() {
        Duration late = AdapterCompatibilityKit.LATE;
        pollManyAnswering(impatientAdapter(), request -> respondToPollMany(request)
                        .after(late))
                .forEach((handle, outcome) -> assertThat(outcome).as(handle).isInstanceOf(PollOutcome.Failed.class));
    }

    @Test
    default void pollManyOfNoHandleAsksNothing() {
        fakeBackend().clearRequests();
        Map<String, PollOutcome> outcomes =
                adapterUnderTest().pollMany(List.of()).block(Duration.ofSeconds(5));
        assertThat(outcomes).isEmpty();
        assertThat(fakeBackend().requests()).isEmpty();
    }
}
