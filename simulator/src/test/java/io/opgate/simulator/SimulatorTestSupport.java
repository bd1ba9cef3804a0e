package io.opgate.simulator;

import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Starts a simulator on a free port with a clock the test moves, and stops it afterwards. */
abstract class SimulatorTestSupport {
    static final Instant START = Instant.parse("2025-01-13T06:56:56Z");

    final MutableClock clock = new MutableClock(START);
    Simulator sim;

    SimulatorOptions options() {
        return SimulatorOptions.defaults().withClock(clock);
    }

    @BeforeEach
    void startSimulator() {
        sim = Simulator.start(options());
    }

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    Credentials credentials() {
        return sim.options().credentials();
    }
}
