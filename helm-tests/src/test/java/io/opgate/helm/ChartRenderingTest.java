package io.opgate.helm;

import static io.opgate.helm.Manifests.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The manifests helm/opgate renders with its defaults and with the production example. */
class ChartRenderingTest {

    @Test
    void theLeastAnInstallNeedsRendersOneHardenedReplicaOnTheMemoryStore() {
        Manifests m = Chart.values("minimal.yaml").render();

        assertThat(m.deployment().getSpec().getReplicas()).isEqualTo(1);
        assertThat(m.applicationYaml())
                .containsEntry("opgate", m.applicationYaml().get("opgate"));
        assertThat(at(m.applicationYaml(), "opgate.store")).isEqualTo("memory");
        assertThat(at(m.applicationYaml(), "opgate.security.mode")).isEqualTo("api-key");
        assertThat(at(m.applicationYaml(), "server.shutdown")).isEqualTo("graceful");
        assertThat(m.one(Service.class).getSpec().getPorts())
                .extracting(p -> p.getName() + ":" + p.getPort() + "->"
                        + p.getTargetPort().getStrVal())
                .containsExactly("http:80->http", "management:9090->management");
        assertThat(m.container().getPorts())
                .extracting(p -> p.getName() + ":" + p.getContainerPort())
                .as("a non-root container listens above 1024, whatever service.port is")
                .containsExactly("http:8080", "management:9090");
        assertThat(m.find(Ingress.class)).isEmpty();
        assertThat(m.find(HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(m.kind("ServiceMonitor"))
                .as("no Prometheus Operator in a plain render")
                .isEmpty();
        assertThat(m.one(PodDisruptionBudget.class)
                        .getSpec()
                        .getMaxUnavailable()
                        .getIntVal())
                .isEqualTo(1);
        assertThat(m.one(NetworkPolicy.class).getSpec().getIngress())
                .extracting(rule -> rule.getPorts().get(0).getPort().getStrVal())
                .containsExactly("http", "management");
    }

    @Test
    void probesUseTheActuatorLivenessAndReadinessGroups() {
        Container c = Chart.values("minimal.yaml").render().container();

        assertThat(path(c.getStartupProbe())).isEqualTo("/actuator/health/liveness");
        assertThat(path(c.getLivenessProbe())).isEqualTo("/actuator/health/liveness");
        assertThat(path(c.getReadinessProbe())).isEqualTo("/actuator/health/readiness");
        assertThat(c.getStartupProbe().getFailureThreshold()
                        * c.getStartupProbe().getPeriodSeconds())
                .as("seconds a slow start is given before liveness counts")
                .isGreaterThanOrEqualTo(60);
        assertThat(List.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe()))
                .as("probes go to the management server, where the actuator lives")
                .allSatisfy(
                        p -> assertThat(p.getHttpGet().getPort().getStrVal()).isEqualTo("management"));
    }

    @Test
    void podAndContainerRunRestricted() {
        Manifests m = Chart.values("minimal.yaml").render();
        PodSpec pod = m.deployment().getSpec().getTemplate().getSpec();
        Container c = m.container();

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(c.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(c.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(c.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();

        Volume tmp = volume(pod, "tmp");
        assertThat(tmp.getEmptyDir()).isNotNull();
        assertThat(c.getVolumeMounts()).anySatisfy(mount -> {
            assertThat(mount.getName()).isEqualTo("tmp");
            assertThat(mount.getMountPath()).isEqualTo("/tmp");
        });
    }

    @Test
    void shutdownLeavesTimeToDrainStreams() {
        Manifests m = Chart.values("minimal.yaml").render();
        PodSpec pod = m.deployment().getSpec().getTemplate().getSpec();
        List<String> preStop =
                m.container().getLifecycle().getPreStop().getExec().getCommand();
        int sleep = Integer.parseInt(preStop.get(1));
        String phase = (String) at(m.applicationYaml(), "spring.lifecycle.timeout-per-shutdown-phase");
        int phaseSeconds = Integer.parseInt(phase.replace("s", ""));

        assertThat(preStop.get(0)).isEqualTo("sleep");
        assertThat(sleep).isPositive();
        assertThat(pod.getTerminationGracePeriodSeconds())
                .as("preStop sleep + the graceful shutdown phase fit in the grace period")
                .isGreaterThan(sleep + phaseSeconds);
    }

    @Test
    void settingsComeFromTheMountedConfigMap() {
        Manifests m = Chart.values("minimal.yaml").render();
        PodSpec pod = m.deployment().getSpec().getTemplate().getSpec();

        assertThat(env(m.container()).get("SPRING_CONFIG_ADDITIONAL_LOCATION").getValue())
                .isEqualTo("file:/etc/opgate/config/application.yaml,file:/etc/opgate/secrets/secrets.yaml");
        assertThat(volume(pod, "config").getConfigMap().getName())
                .isEqualTo(m.one(io.fabric8.kubernetes.api.model.ConfigMap.class)
                        .getMetadata()
                        .getName());
        assertThat(m.container().getVolumeMounts())
                .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/etc/opgate/config"));
    }

    @Test
    void productionExampleScalesOnRedisBehindAnSseReadyIngress() {
        Manifests m = Chart.values(Chart.PRODUCTION.toString()).render();

        assertThat(m.deployment().getSpec().getReplicas())
                .as("the HPA owns the replica count")
                .isNull();
        HorizontalPodAutoscaler hpa = m.one(HorizontalPodAutoscaler.class);
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(10);
        assertThat(hpa.getSpec().getMetrics().get(0).getResource().getName()).isEqualTo("cpu");
        assertThat(hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization())
                .isEqualTo(70);
        assertThat(hpa.getSpec().getScaleTargetRef().getName())
                .isEqualTo(m.deployment().getMetadata().getName());

        assertThat(at(m.applicationYaml(), "opgate.store")).isEqualTo("redis");
        assertThat(at(m.applicationYaml(), "spring.data.redis.url")).isEqualTo("rediss://redis.example.com:6380/0");
        assertThat(at(m.applicationYaml(), "logging.structured.format.console")).isEqualTo("ecs");
        EnvVar redisPassword = env(m.container()).get("SPRING_DATA_REDIS_PASSWORD");
        assertThat(redisPassword.getValue()).isNull();
        assertThat(redisPassword.getValueFrom().getSecretKeyRef().getName()).isEqualTo("opgate-redis");
        assertThat(redisPassword.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("redis-password");

        Map<String, String> annotations = m.one(Ingress.class).getMetadata().getAnnotations();
        assertThat(annotations)
                .containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-send-timeout", "3600");
        assertThat(m.one(Ingress.class).getSpec().getTls().get(0).getSecretName())
                .isEqualTo("opgate-tls");

        assertThat(m.kind("ServiceMonitor"))
                .hasValueSatisfying(sm -> assertThat(io.fabric8.kubernetes.client.utils.Serialization.asYaml(sm))
                        .contains("path: \"/actuator/prometheus\"")
                        .contains("port: \"management\""));
        NetworkPolicy policy = m.one(NetworkPolicy.class);
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
        assertThat(policy.getSpec().getEgress())
                .extracting(rule -> rule.getPorts().stream()
                        .map(p -> p.getPort().getIntVal() + "/" + p.getProtocol())
                        .toList())
                .as("DNS, then what the settings name: Redis (rediss://...:6380) and the backends (https)")
                .containsExactly(List.of("53/UDP", "53/TCP"), List.of("443/TCP", "6380/TCP"));

        PodSpec pod = m.deployment().getSpec().getTemplate().getSpec();
        assertThat(pod.getTopologySpreadConstraints())
                .extracting(c -> c.getTopologyKey())
                .containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
        assertThat(volume(pod, "secrets").getSecret().getSecretName()).isEqualTo("opgate-credentials");
        assertThat(env(m.container()).get("SPRING_CONFIG_ADDITIONAL_LOCATION").getValue())
                .isEqualTo("file:/etc/opgate/config/application.yaml,file:/etc/opgate/secrets/secrets.yaml");
        assertThat(m.one(PodDisruptionBudget.class)).isNotNull();
    }

    @Test
    void serviceMonitorFollowsItsSwitch() {
        assertThat(Chart.values("minimal.yaml")
                        .set("metrics.serviceMonitor.enabled", true)
                        .render()
                        .kind("ServiceMonitor"))
                .isPresent();
        assertThat(Chart.values(Chart.PRODUCTION.toString())
                        .set("metrics.serviceMonitor.enabled", false)
                        .render()
                        .kind("ServiceMonitor"))
                .isEmpty();
    }

    @Test
    void sentinelReplacesTheUrl() {
        Manifests m = Chart.values("minimal.yaml")
                .set("opgate.store", "redis")
                .set("replicaCount", 2)
                .set("redis.sentinel.master", "mymaster")
                .yaml("redis: {sentinel: {nodes: [sentinel-0.redis:26379, sentinel-1.redis:26379]}}")
                .render();

        assertThat(at(m.applicationYaml(), "spring.data.redis.sentinel.master")).isEqualTo("mymaster");
        assertThat(at(m.applicationYaml(), "spring.data.redis.sentinel.nodes"))
                .isEqualTo("sentinel-0.redis:26379,sentinel-1.redis:26379");
        assertThat(at(m.applicationYaml(), "spring.data.redis.url")).isNull();
        assertThat(m.deployment().getSpec().getReplicas()).isEqualTo(2);
    }

    @Test
    void ingressKeepsTheOperatorsAnnotationsOverTheSseDefaults() {
        Manifests m = Chart.values("minimal.yaml")
                .set("ingress.enabled", true)
                .yaml("ingress: {annotations: {nginx.ingress.kubernetes.io/proxy-read-timeout: \"7200\"}}")
                .render();

        assertThat(m.one(Ingress.class).getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "7200")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off");
    }

    static String path(Probe probe) {
        return probe.getHttpGet().getPath();
    }

    static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream()
                .filter(v -> v.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    static Map<String, EnvVar> env(Container container) {
        return container.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
    }
}
