package io.opgate.contracts.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opgate.contracts.model.OperationState;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.node.JsonNodeFactory;

/** Every outcome of a poll carries the backend's Retry-After as given; the required parts are never absent. */
class PollOutcomeTest {

    static final Observation RUNNING =
            Observation.builder(OperationState.RUNNING).build();

    @Property
    void everyKindCarriesTheRetryAfterItWasGiven(@ForAll("retryAfters") Duration retryAfter) {
        var raw = JsonNodeFactory.instance.objectNode();
        assertThat(new PollOutcome.Observed(RUNNING, raw, retryAfter).retryAfter())
                .isEqualTo(retryAfter);
        assertThat(new PollOutcome.NotFound("gone", raw, retryAfter).retryAfter())
                .isEqualTo(retryAfter);
        assertThat(new PollOutcome.Throttled("slow down", retryAfter).retryAfter())
                .isEqualTo(retryAfter);
        assertThat(new PollOutcome.Failed("HTTP 503", retryAfter).retryAfter()).isEqualTo(retryAfter);
    }

    @Example
    void theShortFormsSayNothingOfRetryAfter() {
        var raw = JsonNodeFactory.instance.objectNode();
        assertThat(new PollOutcome.Observed(RUNNING, raw).retryAfter()).isNull();
        assertThat(new PollOutcome.NotFound("gone", raw).retryAfter()).isNull();
        assertThat(PollOutcome.Throttled.of("slow down")).isEqualTo(new PollOutcome.Throttled("slow down", null));
        assertThat(PollOutcome.Failed.of("timeout")).isEqualTo(new PollOutcome.Failed("timeout", null));
    }

    @Example
    void theRequiredPartsAreRequired() {
        var raw = JsonNodeFactory.instance.objectNode();
        assertThatThrownBy(() -> new PollOutcome.Observed(null, raw)).hasMessage("observation");
        assertThatThrownBy(() -> new PollOutcome.Observed(RUNNING, null)).hasMessage("raw");
        assertThatThrownBy(() -> new PollOutcome.NotFound(null, raw)).hasMessage("detail");
        assertThatThrownBy(() -> PollOutcome.Throttled.of(null)).hasMessage("reason");
        assertThatThrownBy(() -> PollOutcome.Failed.of(null)).hasMessage("reason");
        // A not-found answer without a body is still a not-found answer.
        assertThat(new PollOutcome.NotFound("no such job", null).raw()).isNull();
    }

    @Example
    void anOutcomeIsOneOfFourKinds() {
        assertThat(PollOutcome.class.isSealed()).isTrue();
        assertThat(PollOutcome.class.getPermittedSubclasses())
                .containsExactlyInAnyOrder(
                        PollOutcome.Observed.class,
                        PollOutcome.NotFound.class,
                        PollOutcome.Throttled.class,
                        PollOutcome.Failed.class);
    }

    @Property
    void equalOutcomesAreEqualInEveryPart(@ForAll("outcomes") PollOutcome outcome) {
        PollOutcome copy = outcome instanceof PollOutcome.Observed o
                ? new PollOutcome.Observed(o.observation(), o.raw().deepCopy(), o.retryAfter())
                : outcome instanceof PollOutcome.NotFound n
                        ? new PollOutcome.NotFound(n.detail(), n.raw(), n.retryAfter())
                        : outcome instanceof PollOutcome.Throttled t
                                ? new PollOutcome.Throttled(t.reason(), t.retryAfter())
                                : new PollOutcome.Failed(((PollOutcome.Failed) outcome).reason(), outcome.retryAfter());
        assertThat(copy).isEqualTo(outcome).hasSameHashCodeAs(outcome);
    }

    @Provide
    Arbitrary<PollOutcome> outcomes() {
        var raw = JsonNodeFactory.instance.objectNode();
        return retryAfters()
                .injectNull(0.3)
                .flatMap(wait -> Arbitraries.of(
                        new PollOutcome.Observed(RUNNING, raw, wait),
                        new PollOutcome.NotFound("gone", raw, wait),
                        new PollOutcome.Throttled("slow down", wait),
                        new PollOutcome.Failed("timeout", wait)));
    }

    @Provide
    Arbitrary<Duration> retryAfters() {
        return Arbitraries.longs().between(0, 86_400_000L).map(Duration::ofMillis);
    }
}
