package io.opgate.helm;

import static io.opgate.helm.Manifests.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the chart refuses, what it keeps secret, and when it rolls the pods. */
class ChartGuardsTest {

    static final List<String> SECRET_MARKERS =
            List.of("redis-pw-SECRET-MARKER-1", "ontap-pw-SECRET-MARKER-2", "iam-pw-SECRET-MARKER-3");

    @Test
    void lintsCleanInStrictMode() {
        LintResult defaults = new Helm(Chart.DIR).lint().strict().call();
        assertThat(defaults.isFailed())
                .as(String.join("\n", defaults.getMessages()))
                .isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "two replicas, replicaCount, 2",
        "autoscaling, autoscaling.enabled, true",
    })
    void memoryStoreRefusesMoreThanOneReplica(String what, String key, String value) {
        assertThatThrownBy(() -> Chart.defaults().set(key, value).template())
                .hasMessageContaining("opgate.store=memory keeps operations in one pod");
    }

    @Test
    void redisStoreNeedsARedis() {
        assertThatThrownBy(() -> Chart.defaults()
                        .set("opgate.store", "redis")
                        .set("replicaCount", 3)
                        .template())
                .hasMessageContaining("opgate.store=redis needs redis.url");
        assertThat(Chart.defaults()
                        .set("opgate.store", "redis")
                        .set("replicaCount", 3)
                        .set("redis.url", "redis://redis:6379")
                        .render()
                        .deployment()
                        .getSpec()
                        .getReplicas())
                .isEqualTo(3);
    }

    @Test
    void aPasswordInTheRedisUrlIsRefused() {
        assertThatThrownBy(() -> Chart.defaults()
                        .set("opgate.store", "redis")
                        .set("redis.url", "redis://:hunter2@redis:6379")
                        .template())
                .hasMessageContaining("redis.url must not carry a password");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "replica count as a word | replicaCount | two | '/replicaCount': got string, want integer",
                "unknown store | opgate.store | mongo | '/opgate/store': value must be one of 'memory', 'redis'",
                "unknown security mode | opgate.security.mode | basic | '/opgate/security/mode'",
                "unknown log format | logging.format | json | '/logging/format'",
                "pull policy | image.pullPolicy | Sometimes | '/image/pullPolicy'",
                "service monitor switch | metrics.serviceMonitor.enabled | maybe | '/metrics/serviceMonitor/enabled'",
                "duration without unit | opgate.retention | 24 | '/opgate/retention'",
                "misspelt key | replicas | 2 | 'replicas' not allowed",
                "password inlined in settings | opgate.backends.ontap-prod.password | x | '/opgate/backends/ontap-prod'",
                "token inlined in settings | opgate.backends.cloudtest.auth-token | x | '/opgate/backends/cloudtest'",
            })
    void schemaRejectsBadValues(String what, String key, String value, String named) {
        Chart chart = Chart.defaults().set(key, value);
        if (key.startsWith("opgate.backends.")) {
            chart.set(key.substring(0, key.lastIndexOf('.')) + ".type", "ontap");
        }
        assertThatThrownBy(chart::template)
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(named);
    }

    @Test
    void apiKeyHashesMustBeHashes() {
        assertThatThrownBy(() -> Chart.defaults()
                        .set("secrets.apiKeys[0].sha256", "my-plain-api-key")
                        .set("secrets.apiKeys[0].tenant", "team-a")
                        .set("secrets.apiKeys[0].roles[0]", "read")
                        .template())
                .hasMessageContaining("sha256");
    }

    @Test
    void credentialsReachThePodOnlyThroughSecrets() {
        Manifests m = Chart.values("chart-created-secrets.yaml").render();

        for (ConfigMap map : m.all(ConfigMap.class)) {
            assertThat(Serialization.asYaml(map)).doesNotContain(SECRET_MARKERS).doesNotContain("5e884898");
        }
        String deployment = Serialization.asYaml(m.deployment());
        assertThat(deployment).doesNotContain(SECRET_MARKERS).doesNotContain("5e884898");
        assertThat(Chart.values("chart-created-secrets.yaml").template())
                .as("the whole rendered text: Secrets hold their values base64-encoded")
                .doesNotContain(SECRET_MARKERS);
        assertThat(m.secretText()).contains(SECRET_MARKERS).contains("5e884898");

        Map<String, EnvVar> env = ChartRenderingTest.env(m.container());
        assertThat(env.get("SPRING_DATA_REDIS_PASSWORD")
                        .getValueFrom()
                        .getSecretKeyRef()
                        .getName())
                .isEqualTo("opgate-redis");
        assertThat(env.get("EXTRA_TOKEN").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("other-credentials");
        assertThat(m.container().getEnv()).allSatisfy(e -> assertThat(e.getValue())
                .as(e.getName())
                .satisfiesAnyOf(v -> assertThat(v).isNull(), v -> assertThat(v).startsWith("file:/etc/opgate/")));

        Secret credentials = m.all(Secret.class).stream()
                .filter(s -> s.getMetadata().getName().equals("opgate-secrets"))
                .findFirst()
                .orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> secretsYaml = Serialization.unmarshal(
                new String(java.util.Base64.getDecoder()
                        .decode(credentials.getData().get("secrets.yaml"))),
                Map.class);
        assertThat(at(secretsYaml, "opgate.backends.ontap-prod.password")).isEqualTo("ontap-pw-SECRET-MARKER-2");
        assertThat(at(secretsYaml, "opgate.backends.cloudtest.iam.password")).isEqualTo("iam-pw-SECRET-MARKER-3");
        assertThat(at(secretsYaml, "opgate.security.api-keys")).asList().hasSize(1);
        assertThat(at(m.applicationYaml(), "opgate.backends.ontap-prod.username"))
                .isEqualTo("opgate");
    }

    @Test
    void aSettingChangeRollsThePodsAndOnlyItsOwnChecksumMoves() {
        Manifests base = Chart.values("chart-created-secrets.yaml").render();
        Manifests config = Chart.values("chart-created-secrets.yaml")
                .set("opgate.retention", "48h")
                .render();
        Manifests secret = Chart.values("chart-created-secrets.yaml")
                .set("secrets.backends.ontap-prod.password", "rotated")
                .render();

        assertThat(base.podAnnotation("checksum/config")).matches("[0-9a-f]{64}");
        assertThat(base.podAnnotation("checksum/secret")).matches("[0-9a-f]{64}");
        assertThat(config.podAnnotation("checksum/config")).isNotEqualTo(base.podAnnotation("checksum/config"));
        assertThat(config.podAnnotation("checksum/secret")).isEqualTo(base.podAnnotation("checksum/secret"));
        assertThat(secret.podAnnotation("checksum/secret")).isNotEqualTo(base.podAnnotation("checksum/secret"));
        assertThat(secret.podAnnotation("checksum/config")).isEqualTo(base.podAnnotation("checksum/config"));
        assertThat(Chart.values("chart-created-secrets.yaml").render().podAnnotation("checksum/config"))
                .as("the same values give the same checksum")
                .isEqualTo(base.podAnnotation("checksum/config"));
    }

    @Test
    void anExistingSecretIsMountedNotCopied() {
        Manifests m = Chart.defaults()
                .set("secrets.existingSecret", "managed-elsewhere")
                .set("secrets.existingSecretKey", "opgate.yaml")
                .render();

        assertThat(m.all(Secret.class)).isEmpty();
        Deployment d = m.deployment();
        assertThat(d.getSpec().getTemplate().getSpec().getVolumes()).anySatisfy(v -> {
            assertThat(v.getSecret()).isNotNull();
            assertThat(v.getSecret().getSecretName()).isEqualTo("managed-elsewhere");
            assertThat(v.getSecret().getItems().get(0).getKey()).isEqualTo("opgate.yaml");
            assertThat(v.getSecret().getItems().get(0).getPath()).isEqualTo("secrets.yaml");
        });
    }
}
