package io.opgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opgate.contracts.spi.BackendAdapterFactory;
import io.opgate.gateway.OpgateApplication;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;

class SettingsValidatorTest {

    static Map<String, BackendAdapterFactory> factories() {
        Map<String, BackendAdapterFactory> factories = new LinkedHashMap<>();
        ServiceLoader.load(BackendAdapterFactory.class).forEach(f -> factories.put(f.type(), f));
        return factories;
    }

    static OpgateProperties properties(String mode, OpgateProperties.Polling polling) {
        return new OpgateProperties(
                "memory",
                java.time.Duration.ofHours(24),
                polling,
                OpgateProperties.Security.ofMode(mode),
                new OpgateProperties.Sse(java.time.Duration.ofSeconds(15), java.time.Duration.ofSeconds(3)),
                new OpgateProperties.Events(1000),
                new OpgateProperties.Tls(null, false),
                new OpgateProperties.History(50));
    }

    static OpgateProperties.Polling polling(String initial, String max) {
        return new OpgateProperties.Polling(
                java.time.Duration.parse(initial),
                java.time.Duration.parse(max),
                java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(10),
                java.time.Duration.ofDays(7),
                3,
                java.time.Duration.ofMillis(100));
    }

    @Test
    void everyAdapterTypeIsFound() {
        assertThat(factories()).containsKeys("solidfire", "ontap", "huawei-cloudtest", "aliyun-bpstudio");
    }

    @Test
    void aValidConfigurationHasNoProblems() {
        assertThat(SettingsValidator.problems(properties("none", polling("PT0.5S", "PT30S"))))
                .isEmpty();
    }

    @Test
    void everyMistakeIsNamedInOneGo() {
        assertThat(SettingsValidator.problems(properties(null, polling("PT30S", "PT1S"))))
                .anySatisfy(p -> assertThat(p).contains("opgate.security.mode is not set"))
                .anySatisfy(p -> assertThat(p).contains("opgate.polling.max-interval"));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("opgate.backends.a.type", "tape-robot");
        settings.put("opgate.backends.a.base-url", "https://x");
        settings.put("opgate.backends.b.type", "ontap");
        settings.put("opgate.backends.b.username", "u");
        settings.put("opgate.backends.b.password", "p");
        settings.put("opgate.backends.c.base-url", "https://x");
        settings.put("opgate.backends.d.type", "solidfire");
        settings.put("opgate.backends.d.base-url", "ftp://x");
        settings.put("opgate.backends.d.username", "u");
        settings.put("opgate.backends.d.password", "p");
        settings.put("opgate.polling.initial-interval", "30s");
        settings.put("opgate.polling.max-interval", "1s");
        List<String> problems = SettingsCheckTest.problems(settings);
        assertThat(problems)
                .anySatisfy(p -> assertThat(p)
                        .contains("opgate.backends.a.type 'tape-robot' is unknown")
                        .contains("ontap"))
                .anySatisfy(p -> assertThat(p).contains("opgate.backends.b.base-url"))
                .anySatisfy(p -> assertThat(p).contains("opgate.backends.c.type is required"))
                .anySatisfy(p -> assertThat(p).contains("opgate.backends.d.base-url"))
                .anySatisfy(p -> assertThat(p).contains("opgate.security.mode is not set"))
                .anySatisfy(p -> assertThat(p).contains("opgate.polling.max-interval"));
    }

    @Test
    void theGatewayRefusesToStartWithoutASecurityModeOrWithABadDuration() {
        assertThatThrownBy(() -> start(
                        "--opgate.backends.x.type=ontap",
                        "--opgate.backends.x.base-url=https://c",
                        "--opgate.backends.x.username=u",
                        "--opgate.backends.x.password=p"))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("opgate.security.mode is not set");
        assertThatThrownBy(() -> start(
                        "--opgate.security.mode=none",
                        "--opgate.polling.timeout=soon",
                        "--opgate.backends.x.type=ontap"))
                .hasStackTraceContaining("opgate.polling.timeout");
    }

    @Test
    void aRefusedStartNamesEveryProblemAtOnceAndWarnsOfNothingElse() {
        io.opgate.gateway.support.CapturedLogs.capture();
        try {
            assertThatThrownBy(() -> start(
                            "--opgate.security.mode=none",
                            "--opgate.polling.timout=5s",
                            "--opgate.polling.timeout=soon",
                            "--opgate.backends.x.type=ontap",
                            "--opgate.backends.x.usernme=u"))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .satisfies(e -> assertThat(((InvalidConfigurationException) e).problems())
                            .anySatisfy(p -> assertThat(p)
                                    .isEqualTo("opgate.polling.timout is not a setting; did you mean "
                                            + "opgate.polling.timeout?"))
                            .anySatisfy(p -> assertThat(p)
                                    .isEqualTo("opgate.backends.x.usernme is not a setting; did you mean "
                                            + "opgate.backends.x.username?"))
                            .anySatisfy(p -> assertThat(p).startsWith("opgate.polling.timeout must be a duration"))
                            .anySatisfy(p -> assertThat(p).contains("opgate.backends.x.base-url")));
        } finally {
            assertThat(io.opgate.gateway.support.CapturedLogs.stopCapturing())
                    .noneMatch(line -> line.startsWith("WARN") && line.contains("Unable to start"))
                    .noneMatch(line -> line.contains("cancelling refresh"));
        }
    }

    static final String[] ONTAP = {
        "--opgate.backends.x.type=ontap",
        "--opgate.backends.x.base-url=https://c",
        "--opgate.backends.x.username=u",
        "--opgate.backends.x.password=p"
    };

    static String[] with(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + ONTAP.length);
        System.arraycopy(ONTAP, 0, all, args.length, ONTAP.length);
        return all;
    }

    @Test
    void apiKeyModeRefusesToStartWithoutKeys() {
        assertThatThrownBy(() -> start(with("--opgate.security.mode=api-key")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("opgate.security.api-keys is empty");
    }

    @Test
    void apiKeyModeRefusesAKeyPastedInsteadOfItsDigestWithoutRepeatingIt() {
        assertThatThrownBy(() -> start(with(
                        "--opgate.security.mode=api-key",
                        "--opgate.security.api-keys[0].sha256=my-very-secret-api-key",
                        "--opgate.security.api-keys[0].tenant=team-a",
                        "--opgate.security.api-keys[0].roles=read,rule-the-world")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("opgate.security.api-keys[0].sha256 must be the SHA-256")
                .hasMessageContaining("'rule-the-world' is not one of")
                .hasMessageNotContaining("my-very-secret-api-key");
    }

    @Test
    void apiKeyModeRefusesTheDigestsOfKeysEverybodyKnows() {
        assertThatThrownBy(() -> start(with(
                        "--opgate.security.mode=api-key",
                        // The README's example: the SHA-256 of "test".
                        "--opgate.security.api-keys[0].sha256="
                                + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                        "--opgate.security.api-keys[0].tenant=team-a",
                        "--opgate.security.api-keys[0].roles=read")))
                .hasMessageContaining("opgate.security.api-keys[0].sha256 is the digest of a key everybody knows");
    }

    @Test
    void aStreamTokenLivesAtMostFiveMinutesAndStreamsOpenedWithOneHaveAnAge() {
        assertThatThrownBy(() -> start(with(
                        "--opgate.security.mode=api-key",
                        "--opgate.security.api-keys[0].sha256=" + "ab".repeat(32),
                        "--opgate.security.api-keys[0].tenant=team-a",
                        "--opgate.security.api-keys[0].roles=read",
                        "--opgate.security.stream-token-ttl=301s",
                        "--opgate.security.stream-max-age=0s")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("opgate.security.stream-token-ttl must be at most 5 minutes, was PT5M1S")
                .hasMessageContaining("opgate.security.stream-max-age");
    }

    @Test
    void apiKeyModeNamesEveryMistakeOfEveryKey() {
        OpgateProperties.Security security = new OpgateProperties.Security(
                "api-key",
                List.of(
                        new OpgateProperties.ApiKey("A".repeat(64), null, List.of("read")),
                        new OpgateProperties.ApiKey("a".repeat(64), "team b", List.of()),
                        new OpgateProperties.ApiKey("0".repeat(63), "ok", List.of("write"))),
                OpgateProperties.Jwt.of(null, null, "tenant"),
                List.of("short"),
                java.time.Duration.ofMinutes(10),
                java.time.Duration.ofMinutes(15),
                0,
                0,
                new OpgateProperties.Registrations(0, 0));
        List<String> problems = new java.util.ArrayList<>();
        SettingsValidator.problems(withSecurity(security)).forEach(problems::add);
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).startsWith("opgate.security.api-keys[0].tenant is required"))
                .anySatisfy(p -> assertThat(p).startsWith("opgate.security.api-keys[1].sha256 is the same"))
                .anySatisfy(p -> assertThat(p).startsWith("opgate.security.api-keys[1].tenant is required"))
                .anySatisfy(p -> assertThat(p).startsWith("opgate.security.api-keys[1].roles is empty"))
                .anySatisfy(p -> assertThat(p).startsWith("opgate.security.api-keys[2].sha256 must be"))
                .anySatisfy(p -> assertThat(p).startsWith("opgate.security.stream-token-keys[0] is too short"))
                .anySatisfy(p -> assertThat(p).startsWith("opgate.security.stream-token-ttl must be at most 5 minutes"))
                .anySatisfy(p -> assertThat(p).startsWith("opgate.security.max-streams-per-client"))
                .anySatisfy(p -> assertThat(p).startsWith("opgate.security.max-long-polls-per-client"))
                .anySatisfy(p -> assertThat(p).startsWith("opgate.security.registrations"));
    }

    @Test
    void jwtModeNeedsAnIssuerAndAudiencesAndRefusesToStartNamingThem() {
        assertThatThrownBy(() -> start(
                        with("--opgate.security.mode=jwt", "--opgate.security.jwt.jwk-set-uri=https://idp.test/jwks")))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("opgate.security.jwt.issuer-uri is required in mode jwt")
                .hasMessageContaining("opgate.security.jwt.audiences is required in mode jwt");
        assertThatThrownBy(() -> start(with(
                        "--opgate.security.mode=jwt",
                        "--opgate.security.jwt.issuer-uri=nowhere",
                        "--opgate.security.jwt.audiences=opgate")))
                .hasMessageContaining("opgate.security.jwt.issuer-uri must be an absolute http or https URL")
                .hasMessageNotContaining("audiences");
    }

    @Test
    void jwtClockSkewIsBoundedAndOnlyAsymmetricAlgorithmsAreAccepted() {
        assertThatThrownBy(() -> start(with(
                        "--opgate.security.mode=jwt",
                        "--opgate.security.jwt.issuer-uri=https://idp.test",
                        "--opgate.security.jwt.audiences=opgate",
                        "--opgate.security.jwt.clock-skew=10m",
                        "--opgate.security.jwt.jws-algorithms=RS256,HS256")))
                .hasMessageContaining("opgate.security.jwt.clock-skew must be between 0s and 300s")
                .hasMessageContaining("opgate.security.jwt.jws-algorithms: 'HS256' is not one of");
    }

    @Test
    void aCaBundleMustBeReadableAndExcludesSkippingVerification() {
        OpgateProperties valid = properties("none", polling("PT0.5S", "PT30S"));
        OpgateProperties tls = new OpgateProperties(
                valid.store(),
                valid.retention(),
                valid.polling(),
                valid.security(),
                valid.sse(),
                valid.events(),
                new OpgateProperties.Tls("/no/such/bundle.pem", true),
                valid.history());
        assertThat(SettingsValidator.problems(tls))
                .anySatisfy(p -> assertThat(p).contains("opgate.tls.ca-bundle: cannot read"))
                .anySatisfy(p -> assertThat(p).contains("exclude each other"));
    }

    static OpgateProperties withSecurity(OpgateProperties.Security security) {
        OpgateProperties valid = properties("none", polling("PT0.5S", "PT30S"));
        return new OpgateProperties(
                valid.store(),
                valid.retention(),
                valid.polling(),
                security,
                valid.sse(),
                valid.events(),
                valid.tls(),
                valid.history());
    }

    private static void start(String... args) {
        SpringApplication app = new SpringApplication(OpgateApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.run(args).close();
    }
}
