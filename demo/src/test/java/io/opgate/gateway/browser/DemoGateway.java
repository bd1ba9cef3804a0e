package io.opgate.gateway.browser;

import io.opgate.gateway.OpgateApplication;
import io.opgate.simulator.Simulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The gateway as {@code --spring.profiles.active=demo} runs it, on one port that survives {@link #restart()}: what a
 * browser sees when an operator restarts the process.
 */
final class DemoGateway implements AutoCloseable {

    private final int port;
    private final List<String> properties;
    private ConfigurableApplicationContext context;

    private DemoGateway(int port, List<String> properties) {
        this.port = port;
        this.properties = properties;
        this.context = start();
    }

    /** Starts the demo on a free loopback port with these extra {@code key=value} properties. */
    static DemoGateway start(String... properties) {
        List<String> all = new ArrayList<>(List.of(properties));
        all.add("spring.main.banner-mode=off");
        return new DemoGateway(freePort(), List.copyOf(all));
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Where the simulated backends' control API ({@code /_sim}) answers; it moves with every restart. */
    String simulatorUrl() {
        return context.getBean(Simulator.class).baseUrl();
    }

    /** Stops the application, with its graceful shutdown, and starts a new one on the same port. */
    void restart() {
        context.close();
        context = start();
    }

    @Override
    public void close() {
        context.close();
    }

    private ConfigurableApplicationContext start() {
        List<String> all = new ArrayList<>(properties);
        all.add("server.port=" + port);
        return new SpringApplicationBuilder(OpgateApplication.class)
                .web(WebApplicationType.REACTIVE)
                .profiles("demo")
                .properties(all.toArray(String[]::new))
                .run();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
