package io.opgate.gateway.browser;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Both SSE streams read by the npm {@code eventsource} package, a client written elsewhere to the WHATWG
 * specification, through a proxy that drops its connections: see {@code dashboard-e2e/eventsource.test.mjs}.
 */
class EventSourceClientIntegrationTests {

    @Test
    void aThirdPartyEventSourceReadsBothStreamsAndResumesAfterADroppedConnection() {
        NodeScript.requireTools();
        try (DemoGateway gateway = DemoGateway.start("opgate.sse.retry=1s")) {
            NodeScript.run(
                    Duration.ofSeconds(90),
                    command -> {
                        throw new IllegalArgumentException("unknown command " + command);
                    },
                    "eventsource.test.mjs",
                    gateway.url(),
                    gateway.simulatorUrl());
        }
    }
}
