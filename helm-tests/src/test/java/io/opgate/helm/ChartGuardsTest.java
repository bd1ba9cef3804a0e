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
        assertThatThrownBy(() -> Chart.values("minimal.yaml").set(key, value).template())
                .hasMessageContaining("opgate.store=memory keeps operations in one pod");
    }

    @Test
    void redisStoreNeedsARedis() {
        assertThatThrownBy(() -> Chart.values("minimal.yaml")
                        .set("opgate.store", "redis")
                        .set("replicaCount", 3)
                        .template())
                .hasMessageContaining("opgate.store=redis needs redis.url");
        assertThat(Chart.values("minimal.yaml")
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
        assertThatThrownBy(() -> Chart.values("minimal.yaml")
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

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "backend password | opgate.backends.ontap-prod.password | secrets.backends",
                "backend token | opgate.backends.ontap-prod.auth-token | secrets.env",
                "IAM password | opgate.backends.ontap-prod.iam.password | secrets.env",
                "Redis password in extraConfig | extraConfig.spring.data.redis.password | secrets.env",
                "any secret in extraConfig | extraConfig.spring.security.oauth2.client.registration.x.client-secret | secrets.env",
            })
    void aCredentialAmongTheSettingsIsRefusedNamingWhereItGoes(String what, String key, String instead) {
        assertThatThrownBy(
                        () -> Chart.values("minimal.yaml").set(key, "hunter2").template())
                .hasMessageContaining(key + " holds a credential, which would land in the ConfigMap")
                .hasMessageContaining(instead)
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aPlaceholderForACredentialIsAccepted() {
        Manifests m = Chart.values("minimal.yaml")
                .yaml(
                        """
                        opgate: {backends: {ontap-prod: {password: "${ONTAP_PASSWORD}"}}}
                        extraConfig: {spring: {data: {redis: {password: "${REDIS_PASSWORD}"}}}}
                        secrets: {env: [{name: ONTAP_PASSWORD, secretName: ontap, key: password}]}
                        """)
                .render();

        assertThat(at(m.applicationYaml(), "opgate.backends.ontap-prod.password"))
                .isEqualTo("${ONTAP_PASSWORD}");
        assertThat(at(m.applicationYaml(), "spring.data.redis.password")).isEqualTo("${REDIS_PASSWORD}");
        assertThat(ChartRenderingTest.env(m.container())
                        .get("ONTAP_PASSWORD")
                        .getValueFrom()
                        .getSecretKeyRef()
                        .getName())
                .isEqualTo("ontap");
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
                .satisfiesAnyOf(
                        v -> assertThat(v).isNull(),
                        v -> assertThat(v).startsWith("file:/etc/opgate/"),
                        v -> assertThat(v).startsWith("-XX:")));

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
                .yaml("opgate: {backends: {ontap-prod: {type: ontap, base-url: 'https://c1.example.com'}}}")
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
