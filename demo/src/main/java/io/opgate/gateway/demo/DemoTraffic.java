package io.opgate.gateway.demo;

import io.opgate.gateway.security.Caller;
import io.opgate.gateway.tracking.OperationService;
import io.opgate.simulator.Script;
import io.opgate.simulator.Simulator;
import io.opgate.simulator.Vendor;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Creates operations on the simulated backends at a steady pace and registers each with the gateway, except every
 * other one on the backends that discover (SolidFire, ONTAP): those are started "outside" and found by discovery.
 */
final class DemoTraffic implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoTraffic.class);
    private static final Map<Vendor, String> BACKENDS = Map.of(
            Vendor.SOLIDFIRE, "solidfire-lab",
            Vendor.ONTAP, "ontap-lab",
            Vendor.HUAWEI_CLOUDTEST, "huawei-lab",
            Vendor.ALIYUN_BPSTUDIO, "aliyun-lab");

    private final Simulator simulator;
    private final OperationService operations;
    private final Duration every;
    private final SplittableRandom random = new SplittableRandom();
    private Disposable running = () -> {};

    DemoTraffic(Simulator simulator, OperationService operations, int perMinute) {
        this.simulator = simulator;
        this.operations = operations;
        this.every = Duration.ofMillis(60_000L / Math.max(1, perMinute));
    }

    void start() {
        Vendor[] vendors = Vendor.values();
        running = Flux.interval(Duration.ofMillis(200), every)
                .onBackpressureDrop()
                .concatMap(tick -> {
                    Vendor vendor = vendors[random.nextInt(vendors.length)];
                    String handle = simulator.create(vendor, Script.random(random));
                    boolean discovers = vendor == Vendor.SOLIDFIRE || vendor == Vendor.ONTAP;
                    if (discovers && random.nextBoolean()) {
                        return Mono.empty();
                    }
                    return operations
                            .register(
                                    Caller.unauthenticated(),
                                    BACKENDS.get(vendor),
                                    handle,
                                    Map.of(),
                                    Map.of(
                                            "source",
                                            "demo",
                                            "vendor",
                                            vendor.name().toLowerCase(java.util.Locale.ROOT)))
                            .then()
                            .onErrorResume(e -> {
                                log.info("The demo could not register an operation: {}", e.getMessage());
                                return Mono.empty();
                            });
                })
                .subscribe();
    }

    @Override
    public void close() {
        running.dispose();
    }
}
