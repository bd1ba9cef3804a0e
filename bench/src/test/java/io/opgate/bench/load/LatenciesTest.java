package io.opgate.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void countsOnlyChangesMadeInsideTheWindow() {
        Latencies l = new Latencies(1_000_000, 2_000_000);
        l.record(999_999, 1_500_000); // a snapshot of an older change
        l.record(1_000_000, 1_003_000);
        l.record(1_999_999, 2_000_999);
        l.record(2_000_000, 2_000_001); // after the window
        assertThat(l.count()).isEqualTo(2);
        assertThat(l.outside()).isEqualTo(2);
        assertThat(l.maxMillis()).isBetween(2.99, 3.01);
    }
}
