package io.opgate.gateway.support;

import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisURI;
import io.opgate.gateway.store.redis.RedisTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A real {@code redis-server} for tests, on a free loopback port, with its data in a temporary directory and an
 * append-only file ({@link #startDurable} syncs it on every write, so that {@link #kill} followed by {@link #restart}
 * keeps everything stored). {@link #local()} sets one up with a password, an ACL user, TLS or as a replica;
 * {@link #sentinel} starts a Sentinel.
 * Or, when {@code REDIS_URL} is set, that server (which tests cannot stop). A missing binary fails the test.
 */
public final class RedisServer implements AutoCloseable {

    static final String INSTALL = "apt-get install -y redis-server";

    private final @Nullable Path dir;
    private final String host;
    private final int port;
    private final List<String> arguments;
    private final @Nullable String user;
    private final @Nullable String password;
    private final @Nullable TestCertificates tls;
    private @Nullable Process process;

    private RedisServer(
            @Nullable Path dir,
            String host,
            int port,
            List<String> arguments,
            @Nullable String user,
            @Nullable String password,
            @Nullable TestCertificates tls) {
        this.dir = dir;
        this.host = host;
        this.port = port;
        this.arguments = arguments;
        this.user = user;
        this.password = password;
        this.tls = tls;
    }

    /** {@code REDIS_URL}'s server when set, else a new local one. */
    public static RedisServer sharedOrLocal() {
        String url = System.getenv("REDIS_URL");
        if (url != null && !url.isBlank()) {
            URI uri = URI.create(url);
            return new RedisServer(
                    null, uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), List.of(), null, null, null);
        }
        return local().start();
    }

    /** A new local server, always, that syncs its append-only file on every write: for tests that kill it. */
    public static RedisServer startDurable() {
        return local().durable().start();
    }

    /** A new local server, set up as the builder says. */
    public static Builder local() {
        return new Builder();
    }

    /** How a local server is set up. */
    public static final class Builder {

        private String fsync = "everysec";
        private @Nullable String password;
        private @Nullable String aclUser;
        private @Nullable String aclPassword;
        private @Nullable TestCertificates tls;
        private @Nullable RedisServer master;

        private Builder() {}

        /** Syncs the append-only file on every write. */
        public Builder durable() {
            fsync = "always";
            return this;
        }

        /** {@code requirepass}: the default user needs this password. */
        public Builder password(String value) {
            password = value;
            return this;
        }

        /** An ACL user that may do everything; the test client then logs in as this user. */
        public Builder user(String name, String secret) {
            aclUser = name;
            aclPassword = secret;
            return this;
        }

        /** TLS only ({@code --port 0}): the server presents {@code certificates}' server certificate. */
        public Builder tls(TestCertificates certificates) {
            tls = certificates;
            return this;
        }

        /** A replica of {@code primary} (with its password, if it has one). */
        public Builder replicaOf(RedisServer primary) {
            master = primary;
            return this;
        }

        public RedisServer start() {
            try {
                Path dir = Files.createTempDirectory("opgate-redis");
                int port = freePort();
                List<String> args = new ArrayList<>(List.of(
                        "redis-server",
                        "--bind",
                        "127.0.0.1",
                        "--dir",
                        dir.toString(),
                        "--appendonly",
                        "yes",
                        "--appendfsync",
                        fsync,
                        "--save",
                        "",
                        "--protected-mode",
                        "no"));
                if (tls != null) {
                    args.addAll(List.of(
                            "--port",
                            "0",
                            "--tls-port",
                            Integer.toString(port),
                            "--tls-cert-file",
                            tls.serverCertificate().toString(),
                            "--tls-key-file",
                            tls.serverKey().toString(),
                            "--tls-ca-cert-file",
                            tls.caCertificate().toString(),
                            "--tls-auth-clients",
                            "no"));
                } else {
                    args.addAll(List.of("--port", Integer.toString(port)));
                }
                if (password != null) {
                    args.addAll(List.of("--requirepass", password));
                }
                if (aclUser != null) {
                    args.addAll(List.of("--user", aclUser, "on", ">" + aclPassword, "~*", "&*", "+@all"));
                }
                if (master != null) {
                    args.addAll(List.of("--replicaof", master.host, Integer.toString(master.port)));
                    if (master.password != null) {
                        args.addAll(List.of("--masterauth", master.password));
                        if (master.user != null) {
                            args.addAll(List.of("--masteruser", master.user));
                        }
                    }
                }
                RedisServer server = new RedisServer(
                        dir,
                        "127.0.0.1",
                        port,
                        List.copyOf(args),
                        aclUser,
                        aclUser != null ? aclPassword : password,
                        tls);
                server.launch();
                return server;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * A Sentinel on a free loopback port that watches {@code primary} as {@code masterName} with a quorum of 2: it
     * takes the primary for down after {@code downAfter} without an answer, and gives a failover {@code failoverTimeout}.
     */
    public static RedisServer sentinel(
            String masterName, RedisServer primary, Duration downAfter, Duration failoverTimeout) {
        try {
            Path dir = Files.createTempDirectory("opgate-sentinel");
            int port = freePort();
            StringBuilder config = new StringBuilder()
                    .append("port ")
                    .append(port)
                    .append("\nbind 127.0.0.1\nprotected-mode no\ndir ")
                    .append(dir)
                    .append("\nsentinel monitor ")
                    .append(masterName)
                    .append(" 127.0.0.1 ")
                    .append(primary.port)
                    .append(" 2\nsentinel down-after-milliseconds ")
                    .append(masterName)
                    .append(' ')
                    .append(downAfter.toMillis())
                    .append("\nsentinel failover-timeout ")
                    .append(masterName)
                    .append(' ')
                    .append(failoverTimeout.toMillis())
                    .append('\n');
            if (primary.password != null) {
                config.append("sentinel auth-pass ")
                        .append(masterName)
                        .append(' ')
                        .append(primary.password)
                        .append('\n');
            }
            Path file = dir.resolve("sentinel.conf");
            Files.writeString(file, config);
            RedisServer server = new RedisServer(
                    dir, "127.0.0.1", port, List.of("redis-server", file.toString(), "--sentinel"), null, null, null);
            server.launch();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void launch() {
        if (dir == null) {
            throw new IllegalStateException("the server at REDIS_URL is not this test's to start");
        }
        ProcessBuilder builder = new ProcessBuilder(arguments)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("redis.log").toFile()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError(
                    "redis-server is not installed (needed by the Redis tests): run `" + INSTALL + "`", e);
        }
        try {
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError("redis-server exited at start: " + log());
                        }
                        try {
                            return command("PING").contains("PONG");
                        } catch (IOException notYet) {
                            return false;
                        }
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("redis-server did not answer within 10 s: " + log());
        }
    }

    private String log() {
        try {
            return dir == null ? "" : Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** {@code redis://host:port}, or {@code rediss://} with TLS; never with credentials. */
    public String url() {
        return (tls != null ? "rediss://" : "redis://") + host + ":" + port;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** This server as the store connects to it: a 2 s command timeout. */
    public RedisTarget target() {
        return new RedisTarget(
                List.of(RedisURI.create(url())), false, null, Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    /** Kills the server at once, as a crash would. */
    public void kill() {
        Process p = process;
        if (p == null) {
            throw new IllegalStateException("the server at REDIS_URL is not this test's to stop");
        }
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the server again on the same port with the same data. */
    public void restart() {
        launch();
    }

    /** Kills the server and starts it again on the same port with nothing: every key lost, as after a disk loss. */
    public void restartEmpty() {
        kill();
        if (dir == null) {
            throw new IllegalStateException("the server at REDIS_URL is not this test's to wipe");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder())
                    .filter(path ->
                            !path.equals(dir) && !path.getFileName().toString().equals("redis.log"))
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        launch();
    }

    /** Freezes the server (SIGSTOP): connections stay open, nothing is answered, until {@link #resume}. */
    public void pause() {
        signal("STOP");
    }

    /** Lets a paused server run again (SIGCONT); it then answers what it received meanwhile. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        Process p = process;
        if (p == null) {
            throw new IllegalStateException("the server at REDIS_URL is not this test's to signal");
        }
        try {
            int exit = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
            if (exit != 0) {
                throw new IllegalStateException("kill -" + name + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends one command and answers the raw reply: for tests only (no pipelining, one connection per call). The
     * connection shows in {@code CLIENT LIST} while the command runs, as one client.
     */
    public String command(String... args) throws IOException {
        try (Socket socket = socket()) {
            socket.setSoTimeout(5_000);
            if (password != null) {
                String reply = user != null ? send(socket, "AUTH", user, password) : send(socket, "AUTH", password);
                if (!reply.startsWith("+OK")) {
                    throw new IOException("AUTH refused: " + reply);
                }
            }
            return send(socket, args);
        }
    }

    private Socket socket() throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(host, port), 1_000);
        if (tls == null) {
            return plain;
        }
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(tls.caCertificate())) {
                trust.setCertificateEntry(
                        "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory trustManagers =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers.getTrustManagers(), null);
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
            socket.startHandshake();
            return socket;
        } catch (GeneralSecurityException e) {
            plain.close();
            throw new IOException(e);
        }
    }

    private static String send(Socket socket, String... args) throws IOException {
        StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            request.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
        }
        OutputStream out = socket.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return readReply(socket.getInputStream());
    }

    private static String readReply(InputStream in) throws IOException {
        String line = readLine(in);
        if (line.startsWith("*")) {
            int count = Integer.parseInt(line.substring(1));
            List<String> elements = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                elements.add(readReply(in));
            }
            return String.join("\n", elements);
        }
        if (line.startsWith("$")) {
            int length = Integer.parseInt(line.substring(1));
            if (length < 0) {
                return "";
            }
            byte[] body = in.readNBytes(length + 2);
            return new String(body, 0, length, StandardCharsets.UTF_8);
        }
        return line;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                in.read();
                break;
            }
            line.append((char) c);
        }
        if (c == -1 && line.length() == 0) {
            throw new IOException("connection closed");
        }
        return line.toString();
    }

    /** Clients connected now, the asking one included. */
    public int clients() throws IOException {
        return (int) command("CLIENT", "LIST").lines().filter(l -> !l.isBlank()).count();
    }

    @Override
    public void close() {
        if (process != null) {
            kill();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory
            }
        }
    }
}
