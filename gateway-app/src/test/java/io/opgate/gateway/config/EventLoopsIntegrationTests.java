package io.opgate.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.opgate.gateway.support.GatewayIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.client.ReactorResourceFactory;
import reactor.netty.ConnectionObserver;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.LoopResources;

/**
 * The server accepts connections on a thread of its own and serves them on the workers (Reactor Netty's default would
 * accept on a worker: both checks below then fail).
 */
@GatewayIntegrationTest
@Import(EventLoopsIntegrationTests.Watch.class)
class EventLoopsIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    ReactorResourceFactory eventLoops;

    @Autowired
    Watch watch;

    @Test
    void theListeningSocketIsOnAnAcceptorThatIsNotAWorker() {
        LoopResources loops = eventLoops.getLoopResources();
        boolean useNative = LoopResources.DEFAULT_NATIVE;
        List<EventExecutor> acceptors = executors(loops.onServerSelect(useNative));
        List<EventExecutor> workers = executors(loops.onServer(useNative));

        assertThat(acceptors).hasSize(1).doesNotContainAnyElementsOf(workers);
        assertThat(workers).hasSize(LoopResources.DEFAULT_IO_WORKER_COUNT);
        assertThat(watch.listening.get()).isSameAs(acceptors.get(0));
    }

    @Test
    void aRequestIsServedOnAWorker() {
        String answer = HttpClient.create()
                .get()
                .uri("http://127.0.0.1:" + port + "/v1/backends")
                .responseContent()
                .aggregate()
                .asString()
                .block(Duration.ofSeconds(10));

        assertThat(answer).contains("lab");
        LoopResources loops = eventLoops.getLoopResources();
        assertThat(executors(loops.onServer(LoopResources.DEFAULT_NATIVE))).contains(watch.served.get());
    }

    private static List<EventExecutor> executors(EventLoopGroup group) {
        List<EventExecutor> all = new ArrayList<>();
        group.iterator().forEachRemaining(all::add);
        return all;
    }

    /** Where the server's listening socket and the connections it accepted are registered. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Watch {

        final AtomicReference<EventLoop> listening = new AtomicReference<>();
        final AtomicReference<EventLoop> served = new AtomicReference<>();

        @Bean
        NettyServerCustomizer watchingLoops() {
            return server -> server.doOnBound(
                            bound -> listening.set(bound.channel().eventLoop()))
                    .childObserve((connection, state) -> {
                        if (state == ConnectionObserver.State.CONFIGURED) {
                            served.set(connection.channel().eventLoop());
                        }
                    });
        }
    }
}
