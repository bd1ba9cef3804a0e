package io.opgate.gateway.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;

/**
 * The gateway on a random port with two scripted backends ({@code lab} and {@code other}), the memory store, no
 * authentication, fast keepalives and a short watched interval.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "opgate.security.mode=none",
            "opgate.backends.lab.type=scripted",
            "opgate.backends.lab.max-concurrency=4",
            "opgate.backends.other.type=scripted",
            "opgate.polling.initial-interval=200ms",
            "opgate.polling.max-interval=2s",
            "opgate.polling.watched-interval=300ms",
            "opgate.polling.timeout=2s",
            "opgate.sse.keepalive=500ms",
            "opgate.events.retained-changes=50"
        })
@AutoConfigureWebTestClient(timeout = "30s")
@Import(TestClientConfiguration.class)
public @interface GatewayIntegrationTest {}
