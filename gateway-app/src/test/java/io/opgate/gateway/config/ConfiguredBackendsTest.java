package io.opgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class ConfiguredBackendsTest {

    static final Map<String, String> ONTAP = Map.of(
            "opgate.backends.lab.type", "ontap",
            "opgate.backends.lab.base-url", "https://cluster1",
            "opgate.backends.lab.username", "u",
            "opgate.backends.lab.password", "p");

    static ConfiguredBackends bind(Map<String, String> properties, boolean securityOn) {
        return ConfiguredBackends.bind(
                new Binder(new MapConfigurationPropertySource(properties)), ConfiguredBackends.factories(), securityOn);
    }

    static ConfiguredBackends bind(Map<String, String> properties) {
        return bind(properties, false);
    }

    static Map<String, String> ontapWith(String... keysAndValues) {
        Map<String, String> properties = new LinkedHashMap<>(ONTAP);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put("opgate.backends.lab." + keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    @Test
    void theGatewaysKeysAreTypedAndTheAdaptersKeysGoToTheAdapter() {
        ConfiguredBackends bound = bind(ontapWith(
                "tenants[0]", "team-b",
                "tenants[1]", "team-x",
                "circuitProbeInterval", "1500ms",
                "discovery.labels.Team-Name", "storage"));
        assertThat(bound.problems()).isEmpty();
        ConfiguredBackends.Configured lab = bound.backends().get(0);
        assertThat(lab.settings().tenants()).containsExactlyInAnyOrder("team-b", "team-x");
        assertThat(lab.settings().circuitProbeInterval()).isEqualTo(Duration.ofMillis(1500));
        assertThat(lab.settings().discovery().labels()).isEqualTo(Map.of("Team-Name", "storage"));
        assertThat(lab.settings().maxConcurrency()).isEqualTo(8);
        assertThat(lab.adapterSettings().get("username")).isEqualTo("u");
        assertThat(lab.adapterSettings().get("tenants")).isNull();
        assertThat(lab.factory().type()).isEqualTo("ontap");
    }

    @Test
    void aCommaSeparatedListAsFromAnEnvironmentVariableWorksToo() {
        assertThat(bind(ontapWith("tenants", "a, b"))
                        .backends()
                        .get(0)
                        .settings()
                        .tenants())
                .containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void environmentVariablesNameBackendsAndTheirNestedKeys() {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of(
                        "OPGATE_BACKENDS_CT_TYPE", "huawei-cloudtest",
                        "OPGATE_BACKENDS_CT_BASEURL", "https://cloudtest",
                        "OPGATE_BACKENDS_CT_IAM_URL", "https://iam",
                        "OPGATE_BACKENDS_CT_IAM_DOMAIN", "d",
                        "OPGATE_BACKENDS_CT_IAM_USERNAME", "u",
                        "OPGATE_BACKENDS_CT_IAM_PASSWORD", "p",
                        "OPGATE_BACKENDS_CT_IAM_PROJECT", "cn-north-4",
                        "OPGATE_BACKENDS_CT_MAXCONCURRENCY", "3",
                        "OPGATE_BACKENDS_CT_DISCOVERY_TYPES", "Clone,BulkVolume")));
        ConfiguredBackends bound = ConfiguredBackends.bind(
                new Binder(ConfigurationPropertySources.from(sources)), ConfiguredBackends.factories(), false);
        assertThat(bound.problems()).isEmpty();
        ConfiguredBackends.Configured ct = bound.backends().get(0);
        assertThat(ct.name()).isEqualTo("ct");
        assertThat(ct.settings().maxConcurrency()).isEqualTo(3);
        assertThat(ct.settings().discovery().types()).containsExactlyInAnyOrder("Clone", "BulkVolume");
        assertThat(ct.adapterSettings().get("iam.url")).isEqualTo("https://iam");
    }

    @Test
    void everyBadKeyIsNamedWithItsFullKeyAllTogether() {
        assertThat(bind(ontapWith(
                                "max-concurrency", "0",
                                "circuit-failure-threshold", "none",
                                "circuit-probe-interval", "soon",
                                "max-requests-per-second", "-3",
                                "throttle-backoff", "10m",
                                "batch-size", "0",
                                "discovery.enabled", "maybe",
                                "discovery.interval", "100ms",
                                "password", ""))
                        .problems())
                .containsExactlyInAnyOrder(
                        "opgate.backends.lab.max-concurrency must be at least 1, was 0",
                        "opgate.backends.lab.circuit-failure-threshold must be a whole number, was 'none'",
                        "opgate.backends.lab.circuit-probe-interval must be " + SettingsCheck.DURATION + ", was 'soon'",
                        "opgate.backends.lab.max-requests-per-second must be a positive number, was -3.0",
                        "opgate.backends.lab.throttle-backoff (PT10M) must not be longer than throttle-backoff-max"
                                + " (PT2M)",
                        "opgate.backends.lab.batch-size must be at least 1, was 0",
                        "opgate.backends.lab.discovery.enabled must be true or false, was 'maybe'",
                        "opgate.backends.lab.discovery.interval must be at least 1s, was PT0.1S",
                        "opgate.backends.lab.password is required for type ontap");
    }

    @Test
    void withSecurityOnDiscoveryNeedsTheTenantThatOwnsWhatItFinds() {
        Map<String, String> on = ontapWith("discovery.enabled", "true");
        assertThat(bind(on, true).problems())
                .singleElement()
                .asString()
                .startsWith("opgate.backends.lab.discovery.tenant is required");
        assertThat(bind(on, false).problems()).isEmpty();
    }

    @Test
    void aBackendWithoutAKnownTypeIsNamed() {
        assertThat(bind(Map.of("opgate.backends.c.base-url", "https://x", "opgate.backends.a.type", "tape-robot"))
                        .problems())
                .hasSize(2)
                .anySatisfy(p -> assertThat(p)
                        .startsWith("opgate.backends.c.type is required; one of [")
                        .contains("ontap"))
                .anySatisfy(p -> assertThat(p)
                        .startsWith("opgate.backends.a.type 'tape-robot' is unknown; one of [")
                        .contains("huawei-cloudtest"));
    }

    @Test
    void backendsFromCodeAreBoundAsThePropertiesAreAndRefusedTheSameWay() {
        ConfiguredBackends properties = bind(ONTAP);
        BackendConfigSource good = () -> Map.of("sim", Map.of("type", "scripted", "maxConcurrency", "2"));
        ConfiguredBackends all = properties.with(List.of(good));
        assertThat(all.backends())
                .extracting(ConfiguredBackends.Configured::name)
                .containsExactly("lab", "sim");
        assertThat(all.backends().get(1).settings().maxConcurrency()).isEqualTo(2);
        BackendConfigSource bad = () -> Map.of("sim", Map.of("type", "scripted", "max-concurrency", "0"));
        assertThatThrownBy(() -> properties.with(List.of(bad)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("opgate.backends.sim.max-concurrency must be at least 1, was 0");
    }

    @Test
    void aDiscoveryTenantOfUpTo128CharactersAndUpTo64LabelsPassOneMoreIsNamed() {
        String[] limits = new String[2 + 2 * 64];
        limits[0] = "discovery.tenant";
        limits[1] = "t".repeat(128);
        for (int i = 0; i < 64; i++) {
            limits[2 + 2 * i] = "discovery.labels.l" + i;
            limits[3 + 2 * i] = "x";
        }
        assertThat(bind(ontapWith(limits)).problems()).isEmpty();

        Map<String, String> beyond = ontapWith(limits);
        beyond.put("opgate.backends.lab.discovery.tenant", "t".repeat(129));
        beyond.put("opgate.backends.lab.discovery.labels.l64", "x");
        assertThat(bind(beyond).problems())
                .anySatisfy(p -> assertThat(p).startsWith("opgate.backends.lab.discovery.tenant must be at most 128"))
                .anySatisfy(p -> assertThat(p).startsWith("opgate.backends.lab.discovery.labels may hold at most 64"))
                .hasSize(2);
    }

    @Test
    void aRequestRateMustBeAPositiveFiniteNumber() {
        for (String bad : new String[] {"0", "Infinity", "many"}) {
            assertThat(bind(ontapWith("max-requests-per-second", bad)).problems())
                    .as(bad)
                    .singleElement()
                    .asString()
                    .startsWith("opgate.backends.lab.max-requests-per-second must be");
        }
    }
}
