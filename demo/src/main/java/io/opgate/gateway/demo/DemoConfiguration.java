package io.opgate.gateway.demo;

import io.opgate.gateway.config.BackendConfigSource;
import io.opgate.gateway.tracking.OperationService;
import io.opgate.simulator.Credentials;
import io.opgate.simulator.Simulator;
import io.opgate.simulator.SimulatorOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The built-in demo ({@code opgate.demo.enabled=true}): the simulated backends run in this process on a free loopback
 * port, one backend of each type points at them, and {@link DemoTraffic} keeps creating operations there.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "opgate.demo.enabled", havingValue = "true")
class DemoConfiguration {

    /** Short, so that a job started outside the gateway shows up on the dashboard within seconds. */
    static final String DISCOVERY_INTERVAL = "5s";

    @Bean(destroyMethod = "close")
    Simulator demoSimulator(DemoProperties properties) {
        return Simulator.start(SimulatorOptions.defaults().withPort(properties.simulatorPort()));
    }

    @Bean
    BackendConfigSource demoBackends(Simulator simulator, Environment environment) {
        // Discovery shows jobs started outside the gateway, which is the demo as the README runs it (no
        // authentication). With keys (the browser tests), discovered jobs would race the operations a test registers
        // itself, and need an owner: then the demo does not discover.
        String discover = Boolean.toString("none".equals(environment.getProperty("opgate.security.mode")));
        Credentials c = simulator.options().credentials();
        Map<String, Map<String, String>> backends = new LinkedHashMap<>();
        for (String vendor : List.of("solidfire", "ontap")) {
            backends.put(
                    vendor + "-lab",
                    settings(
                            "type",
                            vendor,
                            "base-url",
                            vendor.equals("ontap") ? simulator.ontapUrl() : simulator.solidFireUrl(),
                            "username",
                            c.username(),
                            "password",
                            c.password(),
                            "discovery.enabled",
                            discover,
                            "discovery.interval",
                            DISCOVERY_INTERVAL,
                            "discovery.labels.source",
                            "discovered"));
        }
        backends.put(
                "huawei-lab",
                settings(
                        "type", "huawei-cloudtest",
                        "base-url", simulator.huaweiUrl(),
                        "iam.url", simulator.huaweiIamUrl(),
                        "iam.domain", c.iamDomain(),
                        "iam.username", c.iamUsername(),
                        "iam.password", c.iamPassword(),
                        "iam.project", c.iamProject()));
        backends.put(
                "aliyun-lab",
                settings(
                        "type", "aliyun-bpstudio",
                        "base-url", simulator.aliyunUrl(),
                        "access-key-id", c.aliyunAccessKeyId(),
                        "access-key-secret", c.aliyunAccessKeySecret()));
        return () -> backends;
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    DemoTraffic demoTraffic(Simulator simulator, OperationService operations, DemoProperties properties) {
        return new DemoTraffic(simulator, operations, properties.operationsPerMinute());
    }

    /** Alibaba throttles for 20 s of every 2 minutes, starting 40 s after the start. */
    @Bean(initMethod = "start", destroyMethod = "close")
    DemoThrottling demoThrottling(Simulator simulator) {
        return new DemoThrottling(simulator, Duration.ofSeconds(40), Duration.ofMinutes(2), Duration.ofSeconds(20));
    }

    private static Map<String, String> settings(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
