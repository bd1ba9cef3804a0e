package io.opgate.gateway.store.redis;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.opgate.contracts.model.Operation;
import io.opgate.gateway.store.HistoryEntry;
import io.opgate.gateway.store.TrackedOperation;
import java.util.Map;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Operations as JSON in Redis. Null fields are left out, so that a null reads back as null (a JSON {@code null}
 * would come back as a null node and count as changed content). The revision is kept beside the document, not in it.
 */
final class OperationCodec {

    private final JsonMapper json = JsonMapper.builder()
            .changeDefaultPropertyInclusion(
                    include -> JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    String write(TrackedOperation operation) {
        return json.writeValueAsString(operation.withRevision(0));
    }

    TrackedOperation read(String document, long revision) {
        return json.readValue(document, TrackedOperation.class).withRevision(revision);
    }

    /** The operation as the change feed carries it: without the raw payload, which only the store keeps. */
    String writeForFeed(Operation operation) {
        return json.writeValueAsString(operation.withoutNative());
    }

    Operation readFromFeed(String document) {
        return json.readValue(document, Operation.class);
    }

    String writeHistory(HistoryEntry entry) {
        return json.writeValueAsString(entry);
    }

    HistoryEntry readHistory(String document) {
        return json.readValue(document, HistoryEntry.class);
    }

    String writeLabels(Map<String, String> labels) {
        return json.writeValueAsString(labels);
    }
}
