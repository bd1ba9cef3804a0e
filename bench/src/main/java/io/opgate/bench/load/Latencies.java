package io.opgate.bench.load;

import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Delivery latencies of the changes made inside one time window: from a change's {@code updatedAt} to the moment a
 * client has its {@code data:} line. Changes made before or after the window (snapshots, warm-up) are not counted.
 */
public final class Latencies {

    private final Histogram micros = new ConcurrentHistogram(600_000_000L, 3);
    private final LongAdder outside = new LongAdder();
    private final long fromMicros;
    private final long toMicros;

    public Latencies(long fromMicros, long toMicros) {
        this.fromMicros = fromMicros;
        this.toMicros = toMicros;
    }

    public static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** Counts one delivery of a change made at {@code changedMicros}, received at {@code receivedMicros}. */
    public void record(long changedMicros, long receivedMicros) {
        if (changedMicros < fromMicros || changedMicros >= toMicros) {
            outside.increment();
            return;
        }
        micros.recordValue(Math.max(0, receivedMicros - changedMicros));
    }

    public long count() {
        return micros.getTotalCount();
    }

    public long outside() {
        return outside.sum();
    }

    public double percentileMillis(double percentile) {
        return micros.getValueAtPercentile(percentile) / 1000.0;
    }

    public double maxMillis() {
        return micros.getMaxValue() / 1000.0;
    }

    /** The figures as JSON fields (no braces). */
    public String jsonFields() {
        return String.format(
                Locale.ROOT,
                "\"deliveries\":%d,\"p50Ms\":%.2f,\"p90Ms\":%.2f,\"p99Ms\":%.2f,\"p999Ms\":%.2f,\"maxMs\":%.2f",
                count(),
                percentileMillis(50),
                percentileMillis(90),
                percentileMillis(99),
                percentileMillis(99.9),
                maxMillis());
    }
}
