package io.opgate.helm;

import static io.opgate.helm.Manifests.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The options a user of a good chart expects, and the values the application accepts that the schema must too. */
class ChartOptionsTest {

    @Test
    void theChartNamesTheKubernetesVersionsItNeeds() {
        assertThat(Chart.read(Chart.SOURCE.resolve("Chart.yaml"))).containsPattern("(?m)^kubeVersion: \">=1\\.27");
    }

    @Test
    void podOptions() {
        Manifests m = Chart.values("minimal.yaml")
                .set("image.digest", "sha256:" + "ab".repeat(32))
                .set("priorityClassName", "critical")
                .set("podLabels.team", "storage")
                .yaml(
                        """
                        extraEnvFrom: [{secretRef: {name: opgate-env}}]
                        initContainers: [{name: wait, image: busybox}]
                        sidecars: [{name: shipper, image: fluent-bit}]
                        runAs: {user: null, group: null, fsGroup: null}
                        """)
                .render();
        PodSpec pod = m.deployment().getSpec().getTemplate().getSpec();

        assertThat(m.container().getImage()).isEqualTo("opgate/opgate@sha256:" + "ab".repeat(32));
        assertThat(pod.getPriorityClassName()).isEqualTo("critical");
        assertThat(m.deployment().getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("team", "storage");
        assertThat(m.container().getEnvFrom().get(0).getSecretRef().getName()).isEqualTo("opgate-env");
        assertThat(pod.getInitContainers()).extracting(c -> c.getName()).containsExactly("wait");
        assertThat(pod.getContainers()).extracting(c -> c.getName()).containsExactly("opgate", "shipper");
        assertThat(pod.getSecurityContext().getRunAsUser())
                .as("OpenShift assigns the uid")
                .isNull();
        assertThat(pod.getSecurityContext().getFsGroup()).isNull();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    }

    @Test
    void theSchemaAcceptsWhatTheApplicationAccepts() {
        Manifests m = Chart.values("minimal.yaml")
                .set("opgate.store", "redis")
                .set("redis.url", "redis-sentinel://s1.redis:26379,s2.redis:26379/0#mymaster")
                .set("opgate.demo.enabled", true)
                .set("opgate.demo.operations-per-minute", 5)
                .set("opgate.security.max-streams-per-client", 20)
                .set("opgate.security.max-long-polls-per-client", 10)
                .render();

        assertThat(at(m.applicationYaml(), "spring.data.redis.url"))
                .isEqualTo("redis-sentinel://s1.redis:26379,s2.redis:26379/0#mymaster");
        assertThat(at(m.applicationYaml(), "opgate.demo.operations-per-minute")).isEqualTo(5);
        assertThat(at(m.applicationYaml(), "opgate.security.max-long-polls-per-client"))
                .isEqualTo(10);
    }

    /** The production image has no demo: with the demo on, the pod runs the demo image built from the demo's jar. */
    @Test
    void theDemoRunsTheDemoImage() {
        assertThat(Chart.values("minimal.yaml").render().container().getImage()).isEqualTo("opgate/opgate:0.1.0");
        assertThat(Chart.values("minimal.yaml")
                        .set("demo.enabled", true)
                        .set("image.digest", "sha256:" + "ab".repeat(32))
                        .render()
                        .container()
                        .getImage())
                .as("a digest pins the production image, not the demo's")
                .isEqualTo("opgate/opgate-demo:0.1.0");
        assertThat(Chart.values("minimal.yaml")
                        .set("opgate.demo.enabled", true)
                        .render()
                        .container()
                        .getImage())
                .isEqualTo("opgate/opgate-demo:0.1.0");
    }

    @Test
    void theHttpRouteRoutesTheHttpPortWithStreamFriendlyTimeouts() {
        Manifests m = Chart.values("minimal.yaml")
                .set("httpRoute.enabled", true)
                .set("httpRoute.parentRefs[0].name", "public")
                .render();
        @SuppressWarnings("unchecked")
        Map<String, Object> route =
                Serialization.unmarshal(Serialization.asYaml(m.kind("HTTPRoute").orElseThrow()), Map.class);

        assertThat(at(route, "spec.parentRefs")).asList().hasSize(1);
        String text = Serialization.asYaml(route);
        assertThat(text).contains("request: \"3600s\"", "backendRequest: \"3600s\"", "port: 80");
        assertThatThrownBy(() -> Chart.values("minimal.yaml")
                        .set("httpRoute.enabled", true)
                        .set("httpRoute.parentRefs[0].name", "public")
                        .set("httpRoute.paths[0]", "/actuator")
                        .template())
                .hasMessageContaining("/httpRoute/paths/0");
    }

    @Test
    void hardWrittenEgressRulesMustCoverEveryPortTheSettingsNeed() {
        assertThatThrownBy(() -> Chart.values("minimal.yaml")
                        .set("opgate.store", "redis")
                        .set("redis.url", "rediss://redis.example.com:6380/0")
                        .set("networkPolicy.egress.enabled", true)
                        .set("networkPolicy.egress.derive", false)
                        .yaml("networkPolicy: {egress: {to: [{ports: [{port: 443, protocol: TCP}]}]}}")
                        .template())
                .hasMessageContaining("networkPolicy.egress.to allows none of: TCP 6380 for redis.url")
                .hasMessageNotContaining("TCP 443");

        NetworkPolicy derived = Chart.values("minimal.yaml")
                .set("opgate.store", "redis")
                .set("redis.sentinel.master", "mymaster")
                .yaml("redis: {sentinel: {nodes: [s1:26379, s2:26380]}}")
                .set("networkPolicy.egress.enabled", true)
                .render()
                .one(NetworkPolicy.class);
        assertThat(derived.getSpec().getEgress().get(1).getPorts())
                .extracting(p -> p.getPort().getIntVal())
                .containsExactly(26379, 26380, 443, 6379);
    }
}
