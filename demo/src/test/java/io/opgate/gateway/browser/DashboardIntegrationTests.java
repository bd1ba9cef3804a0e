package io.opgate.gateway.browser;

import io.opgate.gateway.support.PackagedGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in headless Chromium against the packaged gateway ({@code java -jar target/opgate-demo.jar} with the demo's
 * simulated backends) with {@code opgate.security.mode=api-key}: what an operator's browser meets. Each script lists
 * what it asserts.
 */
class DashboardIntegrationTests {

    /**
     * {@code dashboard-e2e/dashboard.test.mjs}: the key typed into the page, rows live, counts, filters, URL, sorting,
     * search, failures, capabilities, confirmations, keyboard, and the gateway stopped ({@code @opgate stop}) and
     * started again ({@code @opgate start}): disconnected shown plainly, then a new stream token.
     */
    @Test
    void theDashboardWorksOnThePackagedGatewayWithAnApiKeyAndTellsTheTruthWhenTheGatewayGoes() {
        NodeScript.requireTools();
        try (PackagedGateway gateway =
                PackagedGateway.demoWithApiKey("dashboard", "opgate.demo.operations-per-minute=120")) {
            NodeScript.run(
                    Duration.ofSeconds(600),
                    commands(gateway),
                    "dashboard.test.mjs",
                    gateway.url(),
                    gateway.simulatorUrl(),
                    PackagedGateway.API_KEY,
                    failureShot("dashboard"));
        }
    }

    /**
     * {@code dashboard-e2e/backends.test.mjs}: a backend that throttles, then one that is down, each said on its card
     * as {@code GET /v1/backends} says it, and each card back to reachable when the backend is.
     */
    @Test
    void theBackendCardsSayWhenABackendThrottlesOrIsDownAndWhenItIsBack() {
        NodeScript.requireTools();
        try (PackagedGateway gateway = PackagedGateway.demoWithApiKey(
                "backends",
                "opgate.demo.operations-per-minute=6",
                "logging.level.reactor.netty.http.server.HttpServerOperations=debug",
                "logging.level.org.springframework.web.server.adapter.HttpWebHandlerAdapter=debug")) {
            NodeScript.run(
                    Duration.ofSeconds(400),
                    commands(gateway),
                    "backends.test.mjs",
                    gateway.url(),
                    gateway.simulatorUrl(),
                    PackagedGateway.API_KEY,
                    failureShot("backends"));
        }
    }

    /**
     * {@code dashboard-e2e/accessibility.test.mjs}: axe-core on the whole page with 1,000 operations loaded (light,
     * detail panel and timeline), then on a page of 40 of them (dialog, dark mode, 420 px), dark mode, 420 px.
     */
    @Test
    void theDashboardHasNoSeriousAccessibilityViolationWithAThousandOperations() {
        NodeScript.requireTools();
        try (PackagedGateway gateway = PackagedGateway.demoWithApiKey(
                "accessibility",
                "opgate.demo.operations-per-minute=6",
                "opgate.security.registrations.per-second=500",
                "opgate.security.registrations.burst=1000")) {
            NodeScript.run(
                    Duration.ofSeconds(1200),
                    commands(gateway),
                    "accessibility.test.mjs",
                    gateway.url(),
                    gateway.simulatorUrl(),
                    PackagedGateway.API_KEY,
                    failureShot("accessibility"));
        }
    }

    private static Function<String, String> commands(PackagedGateway gateway) {
        return command -> {
            switch (command) {
                case "stop" -> gateway.stop();
                case "start" -> gateway.start();
                default -> throw new IllegalArgumentException("unknown command " + command);
            }
            return "{}";
        };
    }

    private static String failureShot(String name) {
        return Path.of("target", "dashboard-e2e-" + name + "-failure.png")
                .toAbsolutePath()
                .toString();
    }
}
