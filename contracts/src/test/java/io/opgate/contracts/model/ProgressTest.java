package io.opgate.contracts.model;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.WithNull;

/** A progress percentage is always a number from 0 to 100, or absent. */
class ProgressTest {

    @Property
    void aGivenPercentIsKeptWithinZeroAndHundred(@ForAll double percent) {
        Assume.that(!Double.isNaN(percent));
        Double kept = Progress.of(percent, null, null, null).percent();
        assertThat(kept).isBetween(0.0, 100.0);
        if (percent >= 0 && percent <= 100) {
            assertThat(kept).isEqualTo(percent);
        }
    }

    @Example
    void notANumberIsNoPercent() {
        assertThat(Progress.of(Double.NaN, null, null, null).percent()).isNull();
    }

    @Property
    void theEffectivePercentIsAbsentOrWithinZeroAndHundred(
            @ForAll @WithNull Double percent, @ForAll @WithNull Long completed, @ForAll @WithNull Long total) {
        Double effective = new Progress(percent, completed, total, null, null).effectivePercent();
        if (effective != null) {
            assertThat(effective).isBetween(0.0, 100.0);
        }
    }

    @Property
    void aGivenPercentWinsOverTheCounters(
            @ForAll @LongRange(min = 0, max = 1_000) long completed,
            @ForAll @LongRange(min = 1, max = 1_000) long total) {
        assertThat(new Progress(12.5, completed, total, null, null).effectivePercent())
                .isEqualTo(12.5);
    }

    @Property
    void withoutAPercentTheCountersSayHowFar(
            @ForAll @LongRange(min = 0, max = 1_000_000) long completed,
            @ForAll @LongRange(min = 1, max = 1_000_000) long total) {
        Double effective = Progress.of(null, completed, total, null).effectivePercent();
        assertThat(effective).isEqualTo(Math.min(100.0, 100.0 * completed / total));
    }

    @Property
    void counterWithoutAPositiveTotalSayNothing(
            @ForAll @WithNull Long completed, @ForAll @LongRange(min = -5, max = 0) long total) {
        assertThat(Progress.of(null, completed, total, null).effectivePercent()).isNull();
        assertThat(Progress.of(null, completed, null, null).effectivePercent()).isNull();
    }

    @Property
    void anEtaChangesNothingElse(@ForAll @WithNull Long eta) {
        Progress progress = Progress.of(40.0, 4L, 10L, "copying");
        assertThat(progress.withEtaSeconds(eta))
                .isEqualTo(new Progress(40.0, 4L, 10L, "copying", eta))
                .extracting(Progress::effectivePercent)
                .isEqualTo(40.0);
    }
}
