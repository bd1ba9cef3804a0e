package io.opgate.gateway.browser;

import io.opgate.gateway.support.PackagedGateway;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Jobs started outside the gateway on the dashboard: the packaged demo as the README starts it (no authentication,
 * its SolidFire and ONTAP backends discovering), driven in headless Chromium by {@code dashboard-e2e/discovery.test.mjs},
 * which lists what it asserts.
 */
class DiscoveredOperationsBrowserIntegrationTests {

    @Test
    void jobsStartedOutsideTheGatewayShowOnTheDashboardWithTheirDiscoveryLabel() {
        NodeScript.requireTools();
        try (PackagedGateway gateway = PackagedGateway.demo("discovery", "opgate.demo.operations-per-minute=30")) {
            NodeScript.run(
                    Duration.ofSeconds(300),
                    command -> {
                        throw new IllegalArgumentException("unknown command " + command);
                    },
                    "discovery.test.mjs",
                    gateway.url(),
                    gateway.simulatorUrl(),
                    Path.of("target", "dashboard-e2e-discovery-failure.png")
                            .toAbsolutePath()
                            .toString());
        }
    }
}
