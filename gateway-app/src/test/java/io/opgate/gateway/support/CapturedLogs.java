package io.opgate.gateway.support;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A logback appender (configured in {@code logback-test.xml}) that keeps every line, with its arguments, MDC and
 * stack trace, while {@link #start()} is in effect: for tests that check what reaches the log.
 */
public final class CapturedLogs extends AppenderBase<ILoggingEvent> {

    private static final ConcurrentLinkedQueue<String> LINES = new ConcurrentLinkedQueue<>();
    private static volatile boolean capturing;

    /** Starts keeping lines, forgetting earlier ones. */
    public static void capture() {
        LINES.clear();
        capturing = true;
    }

    /** Stops keeping lines; returns those kept. */
    public static List<String> stopCapturing() {
        capturing = false;
        return lines();
    }

    public static List<String> lines() {
        return new ArrayList<>(LINES);
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (!capturing) {
            return;
        }
        StringBuilder line = new StringBuilder()
                .append(event.getLevel())
                .append(' ')
                .append(event.getLoggerName())
                .append(' ')
                .append(event.getFormattedMessage());
        if (!event.getMDCPropertyMap().isEmpty()) {
            line.append(' ').append(event.getMDCPropertyMap());
        }
        if (event.getKeyValuePairs() != null) {
            line.append(' ').append(event.getKeyValuePairs());
        }
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append('\n').append(ThrowableProxyUtil.asString(thrown));
        }
        LINES.add(line.toString());
    }
}
