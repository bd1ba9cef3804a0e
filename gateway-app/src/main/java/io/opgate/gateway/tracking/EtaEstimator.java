package io.opgate.gateway.tracking;

import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.model.Progress;
import io.opgate.gateway.store.TrackedOperation.ProgressSample;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Estimates the seconds left from the average rate of progress since the first reading of the current run. It gives
 * no estimate until the operation has been seen progressing for {@link #MIN_EVIDENCE}, and it recomputes only when the
 * completed share changes, so that an operation whose backend reports nothing new keeps its version.
 */
final class EtaEstimator {

    static final Duration MIN_EVIDENCE = Duration.ofSeconds(2);

    /**
     * The estimate and the sample to keep.
     *
     * @param progress the observed progress with {@code etaSeconds} set or cleared
     * @param sample the first reading of the run, or null when the operation is not running
     */
    record Estimate(Progress progress, @Nullable ProgressSample sample) {}

    Estimate estimate(
            @Nullable ProgressSample sample, Progress previous, Progress observed, OperationState state, Instant now) {
        Double percent = observed.effectivePercent();
        if (state != OperationState.RUNNING || percent == null) {
            return new Estimate(observed.withEtaSeconds(null), null);
        }
        if (sample == null || percent < sample.percent()) {
            return new Estimate(observed.withEtaSeconds(null), new ProgressSample(now, percent));
        }
        if (percent.equals(previous.effectivePercent())) {
            return new Estimate(observed.withEtaSeconds(previous.etaSeconds()), sample);
        }
        Duration elapsed = Duration.between(sample.at(), now);
        double gained = percent - sample.percent();
        if (elapsed.compareTo(MIN_EVIDENCE) < 0 || gained <= 0) {
            return new Estimate(observed.withEtaSeconds(null), sample);
        }
        double perSecond = gained / (elapsed.toMillis() / 1000d);
        long eta = (long) Math.ceil((100d - percent) / perSecond);
        return new Estimate(observed.withEtaSeconds(eta), sample);
    }
}
