package io.opgate.gateway.api;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.opgate.contracts.model.Operation;
import io.opgate.gateway.store.Change;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * The frames of the two event streams (CONTRACT §3). A change's frame is made once and written to every client that
 * gets it: with {@code id} = version for the streams of one operation, with {@code id} = cursor for the stream of all.
 */
@Component
final class SseFrames implements MeterBinder {

    static final String OPERATION_EVENT = "operation";
    static final String RESET_EVENT = "reset";
    static final String DELETED_EVENT = "deleted";

    private final ObjectMapper json;
    private final OperationMemo<String> payloads;
    private final OperationMemo<SseFrame> byVersion;
    private final InstanceMemo<Change, SseFrame> byCursor;
    private final LongAdder made = new LongAdder();
    private final SseFrame hello;
    private final SseFrame keepalive = SseFrame.comment("keepalive");
    private final SseFrame reset = SseFrame.event(null, RESET_EVENT, "{\"reason\":\"cursor unknown or too old\"}");

    @Autowired
    SseFrames(ObjectMapper json, StreamSettings settings) {
        this(json, settings.retry());
    }

    SseFrames(ObjectMapper json, Duration retry) {
        this.json = json;
        this.payloads = new OperationMemo<>(operation -> json.writeValueAsString(operation.withoutNative()));
        this.byVersion = new OperationMemo<>(operation -> {
            made.increment();
            return SseFrame.event(Long.toString(operation.version()), OPERATION_EVENT, payloads.get(operation));
        });
        this.byCursor = new InstanceMemo<>(change -> change.operation().id(), change -> {
            made.increment();
            return changeFrame(change);
        });
        this.hello = SseFrame.retry(retry, "opgate");
    }

    /** The first frame of every stream: the reconnect delay. */
    SseFrame hello() {
        return hello;
    }

    SseFrame keepalive() {
        return keepalive;
    }

    SseFrame reset() {
        return reset;
    }

    /** An operation's version for the clients of that operation. */
    SseFrame version(Operation operation) {
        return byVersion.get(operation);
    }

    /** A change for the clients of all operations. */
    SseFrame change(Change change) {
        return byCursor.get(change);
    }

    /** An operation of the snapshot that starts a stream of all operations, at the cursor the stream goes on from. */
    SseFrame snapshot(String cursor, Operation operation) {
        return SseFrame.event(cursor, OPERATION_EVENT, payloads.get(operation));
    }

    /** Frames made for changes since start; the clients that got them shared them. */
    long made() {
        return made.sum();
    }

    private SseFrame changeFrame(Change change) {
        if (change.removed()) {
            return SseFrame.event(
                    change.cursor(),
                    DELETED_EVENT,
                    json.writeValueAsString(Map.of("id", change.operation().id())));
        }
        return SseFrame.event(change.cursor(), OPERATION_EVENT, payloads.get(change.operation()));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("opgate.sse.frames.made", this, SseFrames::made)
                .description("Event frames made for changes; each is written to every client that gets the change")
                .register(registry);
    }
}
