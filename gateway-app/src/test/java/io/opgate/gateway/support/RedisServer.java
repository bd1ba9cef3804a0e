package io.opgate.gateway.support;

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
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A real {@code redis-server} for tests, on a free loopback port, with its data in a temporary directory and an
 * append-only file ({@link #startDurable} syncs it on every write, so that {@link #kill} followed by {@link #restart}
 * keeps everything stored).
 * Or, when {@code REDIS_URL} is set, that server (which tests cannot stop). A missing binary fails the test.
 */
public final class RedisServer implements AutoCloseable {

    static final String INSTALL = "apt-get install -y redis-server";

    private final @Nullable Path dir;
    private final String fsync;
    private final String host;
    private final int port;
    private @Nullable Process process;

    private RedisServer(@Nullable Path dir, String fsync, String host, int port) {
        this.dir = dir;
        this.fsync = fsync;
        this.host = host;
        this.port = port;
    }

    /** {@code REDIS_URL}'s server when set, else a new local one. */
    public static RedisServer sharedOrLocal() {
        String url = System.getenv("REDIS_URL");
        if (url != null && !url.isBlank()) {
            URI uri = URI.create(url);
            return new RedisServer(null, "", uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
        }
        return startLocal("everysec");
    }

    /** A new local server, always, that syncs its append-only file on every write: for tests that kill it. */
    public static RedisServer startDurable() {
        return startLocal("always");
    }

    private static RedisServer startLocal(String fsync) {
        try {
            RedisServer server =
                    new RedisServer(Files.createTempDirectory("opgate-redis"), fsync, "127.0.0.1", freePort());
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
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        "redis-server",
                        "--port",
                        Integer.toString(port),
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
                        "no"))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile());
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError(
                    "redis-server is not installed (needed by the Redis tests): run `" + INSTALL + "`", e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("redis-server exited at start: " + log());
            }
            try {
                if (command("PING").contains("PONG")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            sleep(20);
        }
        throw new AssertionError("redis-server did not answer within 10 s: " + log());
    }

    private String log() {
        try {
            return dir == null ? "" : Files.readString(dir.resolve("redis.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    public String url() {
        return "redis://" + host + ":" + port;
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
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1_000);
            socket.setSoTimeout(5_000);
            StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
            for (String arg : args) {
                byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
                request.append('$')
                        .append(bytes.length)
                        .append("\r\n")
                        .append(arg)
                        .append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return readReply(socket.getInputStream());
        }
    }

    private static String readReply(InputStream in) throws IOException {
        String line = readLine(in);
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
