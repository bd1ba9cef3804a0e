package io.opgate.gateway.api;

import io.opgate.contracts.model.Operation;
import io.opgate.gateway.store.TrackedOperation;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * The JSON of the operation answers, written with the application's {@link ObjectMapper} exactly as the message
 * writers would write {@link Operation} and {@link OperationList}, but an operation's summary once per change however
 * many clients read it ({@link OperationMemo}): pollers repeat the same read far more often than an operation changes,
 * and writing the JSON was the largest part of a read's own work in the profiles (BENCHMARKS.md). Only answers that
 * the security chain and the controller have already allowed are made here.
 */
@Component
final class OperationBodies {

    private static final byte[] LIST_START = "{\"operations\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] LIST_TOKEN = "],\"nextPageToken\":".getBytes(StandardCharsets.UTF_8);

    private final ObjectMapper json;
    private final OperationMemo<byte[]> summaries;

    OperationBodies(ObjectMapper json) {
        this.json = json;
        this.summaries = new OperationMemo<>(operation -> json.writeValueAsBytes(operation.withoutNative()));
    }

    /** The operation without its raw payload. */
    byte[] summary(Operation operation) {
        return summaries.get(operation);
    }

    /** The operation with its raw payload and history ({@code view=full}); rare enough not to keep. */
    byte[] full(FullOperation operation) {
        return json.writeValueAsBytes(operation);
    }

    /** A page of summaries, as {@link OperationList} is written. */
    byte[] list(List<TrackedOperation> items, @Nullable String nextPageToken) {
        byte[][] parts = new byte[items.size()][];
        int length = LIST_START.length + LIST_TOKEN.length + 64;
        for (int i = 0; i < parts.length; i++) {
            parts[i] = summary(items.get(i).operation());
            length += parts[i].length + 1;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(length);
        body.writeBytes(LIST_START);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(parts[i]);
        }
        body.writeBytes(LIST_TOKEN);
        body.writeBytes(json.writeValueAsBytes(nextPageToken));
        body.write('}');
        return body.toByteArray();
    }
}
