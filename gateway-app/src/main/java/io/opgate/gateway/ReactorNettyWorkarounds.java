package io.opgate.gateway;

/**
 * Settings Reactor Netty reads once, when its classes load, so they are set before the server starts.
 *
 * <p>Reactor Netty 1.3.7 (the version Boot 4.1.1 manages) stops reading a keep-alive connection when the client's
 * next request arrives before the previous request's operations have terminated: a client that sends its next
 * request promptly then waits forever (reactor/reactor-netty#4361, fixed in 1.3.8, which this build cannot use: it
 * needs Netty 4.2.19, whose native jars are not in the repository we build from). Flushing the last response frame
 * when nothing more is read terminates the previous operations first, which closes that route into the bug.
 */
final class ReactorNettyWorkarounds {

    static final String LAST_FLUSH_WHEN_NO_READ = "reactor.netty.http.server.lastFlushWhenNoRead";

    private ReactorNettyWorkarounds() {}

    static void apply() {
        if (System.getProperty(LAST_FLUSH_WHEN_NO_READ) == null) {
            System.setProperty(LAST_FLUSH_WHEN_NO_READ, "true");
        }
    }
}
