package io.opgate.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart as a user installs it, run: README.md's commands rendered with helm-java, the packaged jar started by the
 * {@link Kubelet} emulation from what was rendered, real {@code redis-server} processes behind it, the rendered
 * probes until ready, then the API with the key from the user's Secret.
 */
class ChartDeploymentIntegrationTests {

    static final String TEAM_A_KEY = "team-a-key-0123456789abcdef";
    static final String REDIS_PASSWORD = "redis-pw-4f1c9e";

    static Map<String, String> userEnv(String redisUrl, String username) {
        Map<String, String> env = new HashMap<>();
        env.put("REDIS_URL", redisUrl);
        env.put("REDIS_USERNAME", username);
        env.put("REDIS_PASSWORD", REDIS_PASSWORD);
        env.put("ONTAP_PASSWORD", "ontap-pw");
        env.put("SF_PASSWORD", "sf-pw");
        env.put("TEAM_A_KEY", TEAM_A_KEY);
        return env;
    }

    static String production() {
        return ReadmeCommands.block("helm install opgate helm/opgate");
    }

    @Test
    void theReadmeProductionInstallBecomesReadyOnAPasswordProtectedRedis(@TempDir Path work) throws Exception {
        try (RedisProcess redis = RedisProcess.server(work, "requirepass " + REDIS_PASSWORD)) {
            var installed =
                    ReadmeCommands.run(work, userEnv("redis://127.0.0.1:" + redis.port + "/0", ""), production());
            Manifests m = installed.chart().render();
            assertThat(Serialization.asYaml(m.all(io.fabric8.kubernetes.api.model.ConfigMap.class)))
                    .doesNotContain(REDIS_PASSWORD);
            try (RunningPod pod = new Kubelet(m, installed.secrets(), work.resolve("pod")).start()) {
                pod.awaitReady();
                assertBackendsListed(pod, TEAM_A_KEY, "ontap-prod", "sf-lab");
                assertThat(pod.get("http", "/v1/backends", null).statusCode()).isEqualTo(401);
                runHelmTestPod(m, pod, installed.secrets(), work);
            }
        }
    }

    @Test
    void theReadmeProductionInstallWorksWithAnAclUser(@TempDir Path work) {
        try (RedisProcess redis =
                RedisProcess.server(work, "user default off", "user opgate on >" + REDIS_PASSWORD + " ~* &* +@all")) {
            var installed =
                    ReadmeCommands.run(work, userEnv("redis://127.0.0.1:" + redis.port + "/0", "opgate"), production());
            Manifests m = installed.chart().render();
            assertThat(Manifests.at(m.applicationYaml(), "spring.data.redis.username"))
                    .isEqualTo("opgate");
            try (RunningPod pod = new Kubelet(m, installed.secrets(), work.resolve("pod")).start()) {
                pod.awaitReady();
                assertBackendsListed(pod, TEAM_A_KEY, "ontap-prod", "sf-lab");
            }
        }
    }

    @Test
    void redisOverTlsWithTheCertificateAuthorityFromASecret(@TempDir Path work) throws Exception {
        Path certs = Files.createDirectories(work.resolve("certs"));
        Certificates tls = Certificates.make(certs);
        try (RedisProcess redis = RedisProcess.server(
                work,
                "requirepass " + REDIS_PASSWORD,
                "tls-port {port}",
                "tls-cert-file " + tls.serverCert(),
                "tls-key-file " + tls.serverKey(),
                "tls-ca-cert-file " + tls.caCert(),
                "tls-auth-clients no")) {
            Map<String, String> env = userEnv("rediss://localhost:" + redis.port + "/0", "");
            env.put("REDIS_CA_FILE", tls.caCert().toString());
            var installed = ReadmeCommands.run(
                    work, env, production(), ReadmeCommands.block("redis.tls.caSecret=opgate-redis-ca"));
            Manifests m = installed.chart().render();
            try (RunningPod pod = new Kubelet(m, installed.secrets(), work.resolve("pod")).start()) {
                pod.awaitReady();
                assertBackendsListed(pod, TEAM_A_KEY, "ontap-prod", "sf-lab");
            }
        }
    }

    @Test
    void redisSentinelWithAMasterAReplicaAndThreeSentinels(@TempDir Path work) {
        String sentinelPassword = "sentinel-pw-77a1";
        List<AutoCloseable> processes = new ArrayList<>();
        try {
            RedisProcess master =
                    RedisProcess.server(work, "requirepass " + REDIS_PASSWORD, "masterauth " + REDIS_PASSWORD);
            processes.add(master);
            processes.add(RedisProcess.server(
                    work,
                    "requirepass " + REDIS_PASSWORD,
                    "masterauth " + REDIS_PASSWORD,
                    "replicaof 127.0.0.1 " + master.port));
            List<String> sentinels = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                RedisProcess sentinel = RedisProcess.sentinel(
                        work,
                        "sentinel monitor mymaster 127.0.0.1 " + master.port + " 2",
                        "sentinel auth-pass mymaster " + REDIS_PASSWORD,
                        "sentinel down-after-milliseconds mymaster 2000",
                        "requirepass " + sentinelPassword);
                processes.add(sentinel);
                sentinels.add("127.0.0.1:" + sentinel.port);
            }
            Map<String, String> env = userEnv("redis://127.0.0.1:" + master.port + "/0", "");
            env.put("SENTINEL_PASSWORD", sentinelPassword);
            env.put("SENTINELS", String.join(",", sentinels));
            var installed =
                    ReadmeCommands.run(work, env, production(), ReadmeCommands.block("redis.sentinel.master=mymaster"));
            Manifests m = installed.chart().render();
            assertThat(Manifests.at(m.applicationYaml(), "spring.data.redis.sentinel.nodes"))
                    .isEqualTo(String.join(",", sentinels));
            assertThat(Manifests.at(m.applicationYaml(), "spring.data.redis.url"))
                    .isNull();
            try (RunningPod pod = new Kubelet(m, installed.secrets(), work.resolve("pod")).start()) {
                pod.awaitReady();
                assertBackendsListed(pod, TEAM_A_KEY, "ontap-prod", "sf-lab");
            }
        } finally {
            for (int i = processes.size() - 1; i >= 0; i--) {
                try {
                    processes.get(i).close();
                } catch (Exception ignored) {
                    // the next one still stops
                }
            }
        }
    }

    @Test
    void theDefaultsFailAtRenderTimeNamingWhatToSet() {
        assertThatThrownBy(() -> Chart.defaults().template())
                .hasMessageContaining("opgate would not start with these values")
                .hasMessageContaining("opgate.backends")
                .hasMessageContaining("demo.enabled=true")
                .hasMessageContaining("secrets.apiKeys")
                .hasMessageContaining("opgate.security.mode=none");
    }

    /**
     * The README's demo, with the Ingress and the HTTPRoute on: ready, the four simulated backends listed, nothing
     * any route reaches serves the actuator, and the ServiceMonitor's endpoint serves the gateway's metrics.
     */
    @Test
    void theReadmeDemoStartsAndNoRouteReachesTheActuator(@TempDir Path work) throws Exception {
        var installed = ReadmeCommands.run(work, Map.of(), ReadmeCommands.block("demo.enabled=true"));
        Manifests m = installed
                .chart()
                .set("ingress.enabled", true)
                .set("httpRoute.enabled", true)
                .set("httpRoute.parentRefs[0].name", "public")
                .set("metrics.serviceMonitor.enabled", true)
                .set("jvm.maxRAMPercentage", 40)
                .render();
        try (RunningPod pod = new Kubelet(m, installed.secrets(), work.resolve("pod")).start()) {
            pod.awaitReady();
            assertBackendsListed(pod, null, "solidfire-lab", "ontap-lab", "huawei-lab", "aliyun-lab");

            Service service = m.one(Service.class);
            List<String> routed = new ArrayList<>();
            for (var rule : m.one(Ingress.class).getSpec().getRules()) {
                for (var path : rule.getHttp().getPaths()) {
                    var port = path.getBackend().getService().getPort();
                    routed.add(targetPort(service, port.getName(), port.getNumber()) + " " + path.getPath());
                }
            }
            HasMetadata route = m.kind("HTTPRoute").orElseThrow();
            Map<String, Object> spec = specOf(route);
            for (Map<String, Object> rule : list(spec.get("rules"))) {
                for (Map<String, Object> backend : list(rule.get("backendRefs"))) {
                    String target = targetPort(service, null, (Integer) backend.get("port"));
                    for (Map<String, Object> match : list(rule.get("matches"))) {
                        routed.add(target + " " + ((Map<?, ?>) match.get("path")).get("value"));
                    }
                }
            }
            assertThat(routed).isNotEmpty();
            for (String r : routed) {
                String target = r.substring(0, r.indexOf(' '));
                String prefix = r.substring(r.indexOf(' ') + 1).replaceAll("/$", "");
                for (String path : List.of("/actuator/prometheus", "/actuator/health", "/actuator")) {
                    HttpResponse<String> answer = pod.get(target, prefix + path, null);
                    assertThat(answer.statusCode())
                            .as("%s%s through %s", prefix, path, target)
                            .isNotEqualTo(200);
                    assertThat(answer.body()).doesNotContain("opgate_");
                }
            }

            Map<String, Object> monitor = specOf(m.kind("ServiceMonitor").orElseThrow());
            Map<String, Object> endpoint = list(monitor.get("endpoints")).get(0);
            String scraped = targetPort(service, (String) endpoint.get("port"), null);
            HttpResponse<String> metrics = pod.get(scraped, (String) endpoint.get("path"), null);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("opgate_sse_clients", "jvm_memory_max_bytes");

            assertThat(jvmFlag(pod.env(), "MaxRAMPercentage")).isEqualTo("40.000000");
            assertThat(jvmFlag(pod.env(), "MaxDirectMemorySize")).isEqualTo(Long.toString(128L * 1024 * 1024));
            runHelmTestPod(m, pod, installed.secrets(), work);
        }
    }

    @Test
    void theImageDefaultsApplyWhenNothingReplacesThem() throws Exception {
        Map<String, String> env = new HashMap<>(Image.fromDockerfile().env());
        assertThat(jvmFlag(env, "MaxRAMPercentage")).isEqualTo("50.000000");
        env.put(
                "JDK_JAVA_OPTIONS",
                Chart.values("minimal.yaml")
                        .set("jvm.extraOptions", "-XX:MaxRAMPercentage=33")
                        .render()
                        .container()
                        .getEnv()
                        .stream()
                        .filter(e -> e.getName().equals("JDK_JAVA_OPTIONS"))
                        .findFirst()
                        .orElseThrow()
                        .getValue());
        assertThat(jvmFlag(env, "MaxRAMPercentage"))
                .as("jvm.extraOptions come last and win")
                .isEqualTo("33.000000");
    }

    /** The value a JVM started by the image's entrypoint with this env reports for a flag. */
    static String jvmFlag(Map<String, String> env, String flag) throws Exception {
        List<String> command = new ArrayList<>(Image.fromDockerfile().command());
        int jar = command.indexOf("-jar");
        List<String> printing = new ArrayList<>(command.subList(0, jar));
        printing.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        ProcessBuilder builder = new ProcessBuilder(printing).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(30, TimeUnit.SECONDS);
        for (String line : out.lines().toList()) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length >= 4 && parts[1].equals(flag)) {
                return parts[3];
            }
        }
        throw new AssertionError("no " + flag + " in\n" + out);
    }

    static void assertBackendsListed(RunningPod pod, String key, String... names) {
        HttpResponse<String> backends = pod.get("http", "/v1/backends", key);
        assertThat(backends.statusCode()).as(backends.body()).isEqualTo(200);
        for (String name : names) {
            assertThat(backends.body()).contains("\"" + name + "\"");
        }
    }

    /**
     * The chart's {@code helm test} pod, its script run here by sh with its env resolved: the Service's address
     * stands for the pod's mapped ports (one replica behind it).
     */
    static void runHelmTestPod(Manifests m, RunningPod pod, Map<String, Map<String, String>> secrets, Path work)
            throws Exception {
        Pod test = m.all(Pod.class).stream()
                .filter(p -> "test".equals(p.getMetadata().getAnnotations().get(Chart.HELM_HOOK)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no helm test pod rendered"));
        Container c = test.getSpec().getContainers().get(0);
        Service service = m.one(Service.class);
        String host = service.getMetadata().getName();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv("PATH"));
        for (var var : c.getEnv()) {
            String value;
            if (var.getValueFrom() != null) {
                var ref = var.getValueFrom().getSecretKeyRef();
                value = secrets.get(ref.getName()).get(ref.getKey());
            } else {
                value = var.getValue();
                for (ServicePort port : service.getSpec().getPorts()) {
                    value = value.replace(
                            "http://" + host + ":" + port.getPort(),
                            "http://127.0.0.1:" + pod.port(port.getTargetPort().getStrVal()));
                }
            }
            env.put(var.getName(), value);
        }
        List<String> command = new ArrayList<>(c.getCommand());
        command.addAll(c.getArgs());
        ProcessBuilder sh = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("helm-test.log").toFile());
        sh.environment().clear();
        sh.environment().putAll(env);
        Process p = sh.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as(Files.readString(work.resolve("helm-test.log")))
                .isZero();
    }

    static String targetPort(Service service, String name, Integer number) {
        return service.getSpec().getPorts().stream()
                .filter(p -> name != null ? name.equals(p.getName()) : number.equals(p.getPort()))
                .findFirst()
                .map(p -> p.getTargetPort().getStrVal())
                .orElseThrow(() -> new AssertionError("the Service has no port " + name + "/" + number));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> specOf(HasMetadata resource) {
        return (Map<String, Object>) Serialization.unmarshal(Serialization.asYaml(resource), Map.class)
                .get("spec");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }
}
