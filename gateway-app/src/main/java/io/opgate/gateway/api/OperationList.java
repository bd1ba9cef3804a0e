package io.opgate.gateway.api;

import io.opgate.contracts.model.Operation;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The answer of {@code GET /v1/operations}. */
record OperationList(List<Operation> operations, @Nullable String nextPageToken) {}
