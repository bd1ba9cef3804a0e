package io.opgate.gateway.demo;

import io.opgate.simulator.Faults;
import io.opgate.simulator.Simulator;
import io.opgate.simulator.Vendor;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Makes the demo's Alibaba backend throttle now and then, the way Alibaba Cloud does (HTTP 400 {@code Throttling.User},
 * no {@code Retry-After}), so that the dashboard and {@code GET /v1/backends} show a backend paused with its next
 * attempt time, and then recovering.
 */
final class DemoThrottling implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoThrottling.class);

    private final Faults faults;
    private final Duration first;
    private final Duration every;
    private final Duration lasting;
    private Disposable running = () -> {};

    DemoThrottling(Simulator simulator, Duration first, Duration every, Duration lasting) {
        this.faults = simulator.faults(Vendor.ALIYUN_BPSTUDIO);
        this.first = first;
        this.every = every;
        this.lasting = lasting;
    }

    void start() {
        running = Flux.interval(first, every).subscribe(tick -> {
            log.info("Demo: the simulated Alibaba backend throttles every request for {}s", lasting.toSeconds());
            faults.throttleRate(1.0);
            Flux.interval(lasting).take(1).subscribe(t -> {
                faults.throttleRate(0);
                log.info("Demo: the simulated Alibaba backend stopped throttling");
            });
        });
    }

    @Override
    public void close() {
        running.dispose();
        faults.throttleRate(0);
    }
}
