package io.opgate.gateway.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;

/**
 * The gateway on a random port in mode api-key with the keys of {@link TestKeys}: tenants {@code team-a} and
 * {@code team-b}, an admin, and tenants of their own for the limit tests. Backend {@code lab} is open to every tenant;
 * {@code other} only to {@code team-b} (configured as a YAML-style list). Four event streams and three long-polls per tenant; registrations
 * at one per second after a burst of 40.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "opgate.security.mode=api-key",
            "opgate.security.api-keys[0].sha256=" + TestKeys.READER_A_SHA256,
            "opgate.security.api-keys[0].tenant=team-a",
            "opgate.security.api-keys[0].roles=read",
            "opgate.security.api-keys[1].sha256=" + TestKeys.WRITER_A_SHA256,
            "opgate.security.api-keys[1].tenant=team-a",
            "opgate.security.api-keys[1].roles[0]=read",
            "opgate.security.api-keys[1].roles[1]=write",
            "opgate.security.api-keys[2].sha256=" + TestKeys.WRITE_ONLY_A_SHA256,
            "opgate.security.api-keys[2].tenant=team-a",
            "opgate.security.api-keys[2].roles=write",
            "opgate.security.api-keys[3].sha256=" + TestKeys.RW_B_SHA256,
            "opgate.security.api-keys[3].tenant=team-b",
            "opgate.security.api-keys[3].roles=read,write",
            "opgate.security.api-keys[4].sha256=" + TestKeys.ADMIN_SHA256,
            "opgate.security.api-keys[4].tenant=ops",
            "opgate.security.api-keys[4].roles=read,write,admin",
            "opgate.security.api-keys[5].sha256=" + TestKeys.LIMITS_C_SHA256,
            "opgate.security.api-keys[5].tenant=team-c",
            "opgate.security.api-keys[5].roles=read,write",
            "opgate.security.api-keys[6].sha256=" + TestKeys.RATE_R_SHA256,
            "opgate.security.api-keys[6].tenant=team-r",
            "opgate.security.api-keys[6].roles=read,write",
            "opgate.security.stream-token-keys[0]=" + TestKeys.STREAM_TOKEN_KEY,
            "opgate.security.stream-token-keys[1]=" + TestKeys.OLD_STREAM_TOKEN_KEY,
            "opgate.security.max-streams-per-client=4",
            "opgate.security.max-long-polls-per-client=3",
            "opgate.security.registrations.per-second=1",
            "opgate.security.registrations.burst=40",
            "opgate.backends.lab.type=scripted",
            "opgate.backends.other.type=scripted",
            "opgate.backends.other.tenants[0]=team-b",
            "opgate.backends.other.tenants[1]=team-x",
            "opgate.polling.initial-interval=200ms",
            "opgate.polling.max-interval=2s",
            "opgate.polling.watched-interval=300ms",
            "opgate.polling.timeout=2s",
            "opgate.sse.keepalive=500ms",
            "opgate.events.retained-changes=200"
        })
@AutoConfigureWebTestClient(timeout = "30s")
public @interface ApiKeyGatewayTest {}
