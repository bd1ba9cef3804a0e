package io.opgate.gateway.browser;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in headless Chromium: against the demo ({@code dashboard-e2e/dashboard.test.mjs}, which asks for the
 * gateway's restart with {@code @opgate restart}), and against a fake gateway that demands an API key
 * ({@code dashboard-e2e/auth.test.mjs}). Each script lists what it asserts.
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

    @Test
    void theDashboardAsksForAnApiKeyAndStreamsWithATokenWhenTheGatewayWantsOne() {
        NodeScript.run(
                Duration.ofSeconds(60),
                command -> {
                    throw new IllegalArgumentException("unknown command " + command);
                },
                "auth.test.mjs");
    }
}
