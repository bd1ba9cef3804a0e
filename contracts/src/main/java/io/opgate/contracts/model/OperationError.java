package io.opgate.contracts.model;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Why an operation failed or was lost.
 *
 * @param code the backend's own error name or code as a string, else one of {@link GatewayErrorCode}
 * @param message human-readable text from the backend, may be null
 * @param details the backend's whole error object, decoded to JSON, may be null
 */
public record OperationError(String code, @Nullable String message, @Nullable JsonNode details) {

    public OperationError {
        if (code == null || code.isBlank()) {
            code = GatewayErrorCode.BACKEND_ERROR;
        }
    }

    public static OperationError of(String code, @Nullable String message) {
        return new OperationError(code, message, null);
    }
}
