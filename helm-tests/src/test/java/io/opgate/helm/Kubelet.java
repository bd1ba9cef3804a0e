package io.opgate.helm;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts the rendered Deployment's container the way a kubelet would, as a process on this machine: the image's
 * entrypoint and ENV, the container's command/args, env (secretKeyRef and configMapKeyRef resolved from the rendered
 * objects or the Secrets a user created), envFrom, and every volume mount materialized as files.
 *
 * <p>What cannot be the same on a shared machine is mapped, always the same way: each {@code mountPath} becomes a
 * directory under the pod's root ({@code <root>/fs/<mountPath>}) and every occurrence of the mount path in an env
 * value or a mounted ConfigMap/Secret file is rewritten to it (so {@code file:/etc/opgate/config/application.yaml}
 * names the materialized file); the JVM's {@code java.io.tmpdir} is the directory of the mount at {@code /tmp} (or a
 * read-only one when the chart mounts none: the root filesystem is read-only), and the working directory is
 * read-only. The network namespace is emulated: each container port gets a free loopback port, and the property
 * that makes the application listen on that container port (found in the rendered application.yaml, which must
 * name exactly the container port) is overridden with it as a system property.
 */
final class Kubelet {

    static final String POD_NAME = "opgate-7d9f8c6b5-x2x4q";
    static final Pattern VAR_REF = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private final Manifests manifests;
    private final Map<String, Map<String, String>> userSecrets;
    private final Path root;

    /** @param userSecrets Secrets created outside the chart (kubectl create secret), by name, key to value */
    Kubelet(Manifests manifests, Map<String, Map<String, String>> userSecrets, Path root) {
        this.manifests = manifests;
        this.userSecrets = userSecrets;
        this.root = root;
    }

    RunningPod start() {
        try {
            PodSpec spec = manifests.deployment().getSpec().getTemplate().getSpec();
            Container container = spec.getContainers().get(0);
            Map<String, Path> mounts = mount(spec, container);
            Map<String, String> env = env(container, mounts);
            Map<String, Integer> ports = new LinkedHashMap<>();
            List<String> command = command(container, mounts, ports);
            Path workdir = Files.createDirectories(root.resolve("app"));
            workdir.toFile().setWritable(false);
            Path log = root.resolve("container.log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workdir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            return new RunningPod(builder.start(), container, ports, env, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> command(Container container, Map<String, Path> mounts, Map<String, Integer> ports)
            throws IOException {
        Image image = Image.fromDockerfile();
        if (container.getCommand() != null && !container.getCommand().isEmpty()) {
            throw new AssertionError("the chart overrides the image's entrypoint: " + container.getCommand());
        }
        List<String> command = new ArrayList<>(image.command(container.getImage()));
        int jvmFlagsAt = command.indexOf("-jar");
        List<String> network = new ArrayList<>();
        Map<String, Object> config = manifests.applicationYaml();
        for (ContainerPort port : container.getPorts()) {
            int hostPort = freePort();
            ports.put(port.getName(), hostPort);
            String property = listeningProperty(config, port.getContainerPort());
            network.add("-D" + property + ".port=" + hostPort);
            network.add("-D" + property + ".address=127.0.0.1");
        }
        Path tmp = mounts.get("/tmp");
        if (tmp == null) {
            tmp = Files.createDirectories(root.resolve("read-only-tmp"));
            tmp.toFile().setWritable(false);
        }
        network.add("-Djava.io.tmpdir=" + tmp);
        command.addAll(jvmFlagsAt, network);
        if (container.getArgs() != null) {
            container.getArgs().forEach(arg -> command.add(remap(arg, mounts)));
        }
        return command;
    }

    /** server or management.server: whichever the rendered settings make listen on the container port. */
    private static String listeningProperty(Map<String, Object> config, int containerPort) {
        for (String server : List.of("server", "management.server")) {
            Object port = Manifests.at(config, server + ".port");
            if (port != null && Integer.parseInt(port.toString()) == containerPort) {
                return server;
            }
        }
        throw new AssertionError("the container declares port " + containerPort
                + " but the rendered application.yaml makes nothing listen on it");
    }

    private Map<String, Path> mount(PodSpec spec, Container container) throws IOException {
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (VolumeMount mount : container.getVolumeMounts()) {
            mounts.put(mount.getMountPath(), root.resolve("fs" + mount.getMountPath()));
        }
        for (VolumeMount mount : container.getVolumeMounts()) {
            Volume volume = spec.getVolumes().stream()
                    .filter(v -> v.getName().equals(mount.getName()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no volume " + mount.getName()));
            Path dir = Files.createDirectories(mounts.get(mount.getMountPath()));
            if (volume.getEmptyDir() != null) {
                continue;
            }
            Map<String, String> data;
            List<KeyToPath> items;
            if (volume.getConfigMap() != null) {
                data = configMap(volume.getConfigMap().getName());
                items = volume.getConfigMap().getItems();
            } else if (volume.getSecret() != null) {
                data = secret(volume.getSecret().getSecretName());
                items = volume.getSecret().getItems();
            } else {
                throw new AssertionError("volume kind not emulated: " + volume);
            }
            Map<String, String> files = new LinkedHashMap<>();
            if (items == null || items.isEmpty()) {
                files.putAll(data);
            } else {
                for (KeyToPath item : items) {
                    if (!data.containsKey(item.getKey())) {
                        throw new AssertionError("volume " + volume.getName() + " needs key " + item.getKey()
                                + " which its source lacks (the pod would not start): " + data.keySet());
                    }
                    files.put(item.getPath(), data.get(item.getKey()));
                }
            }
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = dir.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, remap(file.getValue(), mounts));
                path.toFile().setWritable(false);
            }
            if (Boolean.TRUE.equals(mount.getReadOnly())) {
                dir.toFile().setWritable(false);
            }
        }
        return mounts;
    }

    private Map<String, String> env(Container container, Map<String, Path> mounts) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("HOSTNAME", POD_NAME);
        env.putAll(Image.fromDockerfile().env());
        if (container.getEnvFrom() != null) {
            for (EnvFromSource from : container.getEnvFrom()) {
                Map<String, String> source = from.getSecretRef() != null
                        ? secret(from.getSecretRef().getName())
                        : configMap(from.getConfigMapRef().getName());
                String prefix = from.getPrefix() == null ? "" : from.getPrefix();
                source.forEach((k, v) -> env.put(prefix + k, v));
            }
        }
        for (EnvVar var : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
            String value;
            if (var.getValueFrom() == null) {
                value = expand(var.getValue() == null ? "" : var.getValue(), env);
            } else if (var.getValueFrom().getSecretKeyRef() != null) {
                var ref = var.getValueFrom().getSecretKeyRef();
                value = key(secret(ref.getName()), ref.getKey(), "Secret " + ref.getName(), var.getName());
            } else if (var.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = var.getValueFrom().getConfigMapKeyRef();
                value = key(configMap(ref.getName()), ref.getKey(), "ConfigMap " + ref.getName(), var.getName());
            } else if (var.getValueFrom().getFieldRef() != null
                    && var.getValueFrom().getFieldRef().getFieldPath().equals("metadata.name")) {
                value = POD_NAME;
            } else {
                throw new AssertionError("env source not emulated: " + var);
            }
            env.put(var.getName(), remap(value, mounts));
        }
        return env;
    }

    private static String key(Map<String, String> data, String key, String source, String var) {
        String value = data.get(key);
        if (value == null) {
            throw new AssertionError(var + " needs key " + key + " of " + source
                    + ", which lacks it (CreateContainerConfigError): " + data.keySet());
        }
        return value;
    }

    private static String expand(String value, Map<String, String> env) {
        Matcher ref = VAR_REF.matcher(value);
        StringBuilder out = new StringBuilder();
        while (ref.find()) {
            String replacement = env.getOrDefault(ref.group(1), ref.group());
            ref.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        return ref.appendTail(out).toString();
    }

    /**
     * Rewrites each mount path where it stands as a path (followed by '/', a quote, ',', a space or the end), in one
     * pass so that a rewritten path is never rewritten again (/tmp is a prefix of the test's own directories).
     */
    private static String remap(String text, Map<String, Path> mounts) {
        List<String> paths = new ArrayList<>(mounts.keySet());
        paths.sort(Comparator.comparingInt(String::length).reversed());
        StringBuilder alternatives = new StringBuilder();
        for (String mountPath : paths) {
            alternatives.append(alternatives.length() == 0 ? "" : "|").append(Pattern.quote(mountPath));
        }
        Matcher m = Pattern.compile("(?<![\\w/.-])(" + alternatives + ")(?=[/\"',\\s]|$)", Pattern.MULTILINE)
                .matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(
                    out, Matcher.quoteReplacement(mounts.get(m.group(1)).toString()));
        }
        return m.appendTail(out).toString();
    }

    private Map<String, String> configMap(String name) {
        return manifests.all(ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals(name))
                .findFirst()
                .map(ConfigMap::getData)
                .orElseThrow(() -> new AssertionError("no ConfigMap " + name + " rendered"));
    }

    private Map<String, String> secret(String name) {
        for (Secret secret : manifests.all(Secret.class)) {
            if (secret.getMetadata().getName().equals(name)) {
                Map<String, String> data = new LinkedHashMap<>();
                if (secret.getData() != null) {
                    secret.getData()
                            .forEach((k, v) ->
                                    data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
                }
                if (secret.getStringData() != null) {
                    data.putAll(secret.getStringData());
                }
                return data;
            }
        }
        Map<String, String> created = userSecrets.get(name);
        if (created == null) {
            throw new AssertionError("the pod needs Secret " + name
                    + ", which neither the chart renders nor the user created: " + userSecrets.keySet());
        }
        return created;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
