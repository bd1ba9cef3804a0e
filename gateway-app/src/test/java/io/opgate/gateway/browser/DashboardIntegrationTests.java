package io.opgate.gateway.browser;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in headless Chromium against the demo: see {@code dashboard-e2e/dashboard.test.mjs} for what it
 * asserts. The script asks for the gateway's restart with {@code @opgate restart}.
 */
class DashboardIntegrationTests {

    @Test
    void theDashboardFollowsTheDemoLiveActsOnOperationsAndSurvivesARestart() {
        NodeScript.requireTools();
        Path failureShot = Path.of("target", "dashboard-e2e-failure.png").toAbsolutePath();
        try (DemoGateway gateway = DemoGateway.start("opgate.demo.operations-per-minute=120")) {
            NodeScript.run(
                    Duration.ofSeconds(150),
                    command -> {
                        if (!command.equals("restart")) {
                            throw new IllegalArgumentException("unknown command " + command);
                        }
                        gateway.restart();
                        return "{\"simulator\":\"" + gateway.simulatorUrl() + "\"}";
                    },
                    "dashboard.test.mjs",
                    gateway.url(),
                    gateway.simulatorUrl(),
                    failureShot.toString());
        }
    }
}
