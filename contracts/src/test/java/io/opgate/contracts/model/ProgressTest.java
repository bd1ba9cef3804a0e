package io.opgate.contracts.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.SeededCases;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A progress percentage is always a number from 0 to 100, or absent. */
@ExtendWith(SeededCases.NameTheCase.class)
class ProgressTest {

    static final long SEED = 4096003L;
    static final String CASE = "seed " + SEED + " [{index}] {arguments}";

    static final List<Double> EDGE_PERCENTS = List.of(
            Double.NEGATIVE_INFINITY,
            -Double.MAX_VALUE,
            -1.0,
            -Double.MIN_VALUE,
            -0.0,
            0.0,
            Double.MIN_VALUE,
            50.0,
            Math.nextDown(100.0),
            100.0,
            Math.nextUp(100.0),
            Double.MAX_VALUE,
            Double.POSITIVE_INFINITY);
    static final List<Long> EDGE_COUNTS = Arrays.asList(null, Long.MIN_VALUE, -1L, 0L, 1L, Long.MAX_VALUE);

    @ParameterizedTest(name = CASE)
    @MethodSource("percents")
    void aGivenPercentIsKeptWithinZeroAndHundred(double percent) {
        Double kept = Progress.of(percent, null, null, null).percent();
        assertThat(kept).isBetween(0.0, 100.0);
        if (percent >= 0 && percent <= 100) {
            assertThat(kept).isEqualTo(percent);
        }
    }

    @Test
    void notANumberIsNoPercent() {
        assertThat(Progress.of(Double.NaN, null, null, null).percent()).isNull();
    }

    @ParameterizedTest(name = CASE)
    @MethodSource("anyParts")
    void theEffectivePercentIsAbsentOrWithinZeroAndHundred(Double percent, Long completed, Long total) {
        Double effective = new Progress(percent, completed, total, null, null).effectivePercent();
        if (effective != null) {
            assertThat(effective).isBetween(0.0, 100.0);
        }
    }

    @ParameterizedTest(name = CASE)
    @MethodSource("smallCounters")
    void aGivenPercentWinsOverTheCounters(long completed, long total) {
        assertThat(new Progress(12.5, completed, total, null, null).effectivePercent())
                .isEqualTo(12.5);
    }

    @ParameterizedTest(name = CASE)
    @MethodSource("counters")
    void withoutAPercentTheCountersSayHowFar(long completed, long total) {
        Double effective = Progress.of(null, completed, total, null).effectivePercent();
        assertThat(effective).isEqualTo(Math.min(100.0, 100.0 * completed / total));
    }

    @ParameterizedTest(name = CASE)
    @MethodSource("noPositiveTotal")
    void counterWithoutAPositiveTotalSayNothing(Long completed, long total) {
        assertThat(Progress.of(null, completed, total, null).effectivePercent()).isNull();
        assertThat(Progress.of(null, completed, null, null).effectivePercent()).isNull();
    }

    @ParameterizedTest(name = CASE)
    @MethodSource("etas")
    void anEtaChangesNothingElse(Long eta) {
        Progress progress = Progress.of(40.0, 4L, 10L, "copying");
        assertThat(progress.withEtaSeconds(eta))
                .isEqualTo(new Progress(40.0, 4L, 10L, "copying", eta))
                .extracting(Progress::effectivePercent)
                .isEqualTo(40.0);
    }

    static Stream<Arguments> percents() {
        return Stream.concat(
                EDGE_PERCENTS.stream().map(Arguments::of), SeededCases.draw(SEED, r -> Arguments.of(percent(r))));
    }

    static Stream<Arguments> anyParts() {
        Stream<Arguments> edges = Stream.concat(
                Stream.of(Double.NaN, null).flatMap(p -> countPairs().map(c -> Arguments.of(p, c[0], c[1]))),
                EDGE_PERCENTS.stream().map(p -> Arguments.of(p, null, null)));
        return Stream.concat(
                edges,
                SeededCases.draw(
                        SEED,
                        r -> Arguments.of(
                                SeededCases.orNull(r, r.nextInt(50) == 0 ? Double.NaN : percent(r)),
                                SeededCases.orNull(r, count(r)),
                                SeededCases.orNull(r, count(r)))));
    }

    static Stream<Arguments> smallCounters() {
        return countersUpTo(1_000L);
    }

    static Stream<Arguments> counters() {
        return countersUpTo(1_000_000L);
    }

    /** (completed, total) with 0 ≤ completed ≤ max and 1 ≤ total ≤ max: the corners and one third, then drawn. */
    static Stream<Arguments> countersUpTo(long max) {
        return Stream.concat(
                Stream.of(
                        Arguments.of(0L, 1L),
                        Arguments.of(0L, max),
                        Arguments.of(1L, 3L),
                        Arguments.of(max, 1L),
                        Arguments.of(max, max)),
                SeededCases.draw(SEED, r -> Arguments.of(r.nextLong(0, max + 1), r.nextLong(1, max + 1))));
    }

    static Stream<Arguments> noPositiveTotal() {
        Stream<Arguments> edges = EDGE_COUNTS.stream().flatMap(completed -> Stream.of(Long.MIN_VALUE, -5L, -1L, 0L)
                .map(total -> Arguments.of(completed, total)));
        return Stream.concat(
                edges, SeededCases.draw(SEED, r -> Arguments.of(SeededCases.orNull(r, count(r)), r.nextLong(-5, 1))));
    }

    static Stream<Arguments> etas() {
        return Stream.concat(
                EDGE_COUNTS.stream().map(Arguments::of),
                SeededCases.draw(SEED, r -> Arguments.of(SeededCases.orNull(r, count(r)))));
    }

    /** Every pair of edge counts, as completed and total. */
    private static Stream<Long[]> countPairs() {
        return EDGE_COUNTS.stream().flatMap(c -> EDGE_COUNTS.stream().map(t -> new Long[] {c, t}));
    }

    /** Any number but NaN: near the 0–100 range half the time, else any bit pattern a double can have. */
    private static double percent(SplittableRandom random) {
        if (random.nextBoolean()) {
            return random.nextDouble(-200, 300);
        }
        double any;
        do {
            any = Double.longBitsToDouble(random.nextLong());
        } while (Double.isNaN(any));
        return any;
    }

    /** Any long: a small one half the time, where counters usually are, else one of the whole range. */
    private static long count(SplittableRandom random) {
        return random.nextBoolean() ? random.nextLong(-1_000, 1_001) : random.nextLong();
    }
}
