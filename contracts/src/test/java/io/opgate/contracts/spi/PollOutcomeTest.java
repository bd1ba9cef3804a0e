package io.opgate.contracts.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opgate.contracts.SeededCases;
import io.opgate.contracts.model.OperationState;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Every outcome of a poll carries the backend's Retry-After as given; the required parts are never absent. */
@ExtendWith(SeededCases.NameTheCase.class)
class PollOutcomeTest {

    static final long SEED = 4096007L;
    static final String CASE = "seed " + SEED + " [{index}] {arguments}";
    static final Observation RUNNING =
            Observation.builder(OperationState.RUNNING).build();
    /** A day: the longest Retry-After of the random cases. */
    static final long DAY_MILLIS = 86_400_000L;

    static final List<Duration> EDGE_RETRY_AFTERS = Arrays.asList(
            null,
            Duration.ZERO,
            Duration.ofNanos(1),
            Duration.ofMillis(1),
            Duration.ofSeconds(1),
            Duration.ofMillis(DAY_MILLIS),
            Duration.ofSeconds(Long.MAX_VALUE, 999_999_999));

    @ParameterizedTest(name = CASE)
    @MethodSource("retryAfters")
    void everyKindCarriesTheRetryAfterItWasGiven(Duration retryAfter) {
        var raw = JsonNodeFactory.instance.objectNode();
        assertThat(new PollOutcome.Observed(RUNNING, raw, retryAfter).retryAfter())
                .isEqualTo(retryAfter);
        assertThat(new PollOutcome.NotFound("gone", raw, retryAfter).retryAfter())
                .isEqualTo(retryAfter);
        assertThat(new PollOutcome.Throttled("slow down", retryAfter).retryAfter())
                .isEqualTo(retryAfter);
        assertThat(new PollOutcome.Failed("HTTP 503", retryAfter).retryAfter()).isEqualTo(retryAfter);
    }

    @Test
    void theShortFormsSayNothingOfRetryAfter() {
        var raw = JsonNodeFactory.instance.objectNode();
        assertThat(new PollOutcome.Observed(RUNNING, raw).retryAfter()).isNull();
        assertThat(new PollOutcome.NotFound("gone", raw).retryAfter()).isNull();
        assertThat(PollOutcome.Throttled.of("slow down")).isEqualTo(new PollOutcome.Throttled("slow down", null));
        assertThat(PollOutcome.Failed.of("timeout")).isEqualTo(new PollOutcome.Failed("timeout", null));
    }

    @Test
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

    @Test
    void anOutcomeIsOneOfFourKinds() {
        assertThat(PollOutcome.class.isSealed()).isTrue();
        assertThat(PollOutcome.class.getPermittedSubclasses())
                .containsExactlyInAnyOrder(
                        PollOutcome.Observed.class,
                        PollOutcome.NotFound.class,
                        PollOutcome.Throttled.class,
                        PollOutcome.Failed.class);
    }

    @ParameterizedTest(name = CASE)
    @MethodSource("outcomes")
    void equalOutcomesAreEqualInEveryPart(PollOutcome outcome) {
        PollOutcome copy = outcome instanceof PollOutcome.Observed o
                ? new PollOutcome.Observed(o.observation(), o.raw().deepCopy(), o.retryAfter())
                : outcome instanceof PollOutcome.NotFound n
                        ? new PollOutcome.NotFound(n.detail(), n.raw(), n.retryAfter())
                        : outcome instanceof PollOutcome.Throttled t
                                ? new PollOutcome.Throttled(t.reason(), t.retryAfter())
                                : new PollOutcome.Failed(((PollOutcome.Failed) outcome).reason(), outcome.retryAfter());
        assertThat(copy).isEqualTo(outcome).hasSameHashCodeAs(outcome);
    }

    static Stream<Arguments> retryAfters() {
        return Stream.concat(
                EDGE_RETRY_AFTERS.stream().map(Arguments::of),
                SeededCases.draw(SEED, r -> Arguments.of(retryAfter(r))));
    }

    /** Each kind with each edge Retry-After, then random kinds with random ones, absent about one time in five. */
    static Stream<Arguments> outcomes() {
        Stream<Arguments> edges =
                EDGE_RETRY_AFTERS.stream().flatMap(wait -> everyKind(wait).map(Arguments::of));
        return Stream.concat(
                edges,
                SeededCases.draw(
                        SEED,
                        r -> Arguments.of(SeededCases.oneOf(
                                r,
                                everyKind(SeededCases.orNull(r, retryAfter(r))).toList()))));
    }

    private static Stream<PollOutcome> everyKind(Duration retryAfter) {
        ObjectNode raw = JsonNodeFactory.instance.objectNode();
        return Stream.of(
                new PollOutcome.Observed(RUNNING, raw, retryAfter),
                new PollOutcome.NotFound("gone", raw, retryAfter),
                new PollOutcome.Throttled("slow down", retryAfter),
                new PollOutcome.Failed("timeout", retryAfter));
    }

    private static Duration retryAfter(SplittableRandom random) {
        return Duration.ofMillis(random.nextLong(0, DAY_MILLIS + 1));
    }
}
