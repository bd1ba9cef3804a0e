package io.opgate.gateway.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    final CircuitBreaker circuit = new CircuitBreaker(3, Duration.ofSeconds(5));

    @Test
    void opensAfterTheThresholdOfFailuresInARow() {
        circuit.onResult(false, T0);
        circuit.onResult(false, T0);
        assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(circuit.tryAcquire(T0)).isTrue();
        circuit.onResult(false, T0);
        assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(circuit.probeAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(circuit.tryAcquire(T0.plusMillis(4_999))).isFalse();
    }

    @Test
    void aUsableAnswerBreaksTheStreak() {
        circuit.onResult(false, T0);
        circuit.onResult(false, T0);
        circuit.onResult(true, T0);
        circuit.onResult(false, T0);
        circuit.onResult(false, T0);
        assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void letsExactlyOneProbeThroughPerInterval() {
        for (int i = 0; i < 3; i++) {
            circuit.onResult(false, T0);
        }
        Instant probe = T0.plusSeconds(5);
        assertThat(circuit.tryAcquire(probe)).isTrue();
        assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(circuit.tryAcquire(probe)).isFalse();
        assertThat(circuit.tryAcquire(probe.plusSeconds(60))).isFalse();

        circuit.onResult(false, probe.plusSeconds(1));
        assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(circuit.probeAt()).isEqualTo(probe.plusSeconds(6));
        assertThat(circuit.tryAcquire(probe.plusSeconds(5))).isFalse();
        assertThat(circuit.tryAcquire(probe.plusSeconds(6))).isTrue();

        circuit.onResult(true, probe.plusSeconds(6));
        assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(circuit.probeAt()).isNull();
        assertThat(circuit.tryAcquire(probe.plusSeconds(6))).isTrue();
        // Closed again: the count starts over.
        circuit.onResult(false, probe.plusSeconds(7));
        assertThat(circuit.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void labelsAreWhatTheApiShows() {
        assertThat(CircuitBreaker.State.HALF_OPEN.label()).isEqualTo("half-open");
        assertThat(CircuitBreaker.State.OPEN.label()).isEqualTo("open");
        assertThat(CircuitBreaker.State.CLOSED.label()).isEqualTo("closed");
    }

    @Test
    void aThresholdOfOneOpensAtTheFirstFailureAndNoneIsRefused() {
        CircuitBreaker touchy = new CircuitBreaker(1, Duration.ofSeconds(5));
        touchy.onResult(false, T0);
        assertThat(touchy.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThatThrownBy(() -> new CircuitBreaker(0, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
