package io.opgate.gateway.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.opgate.contracts.model.Operation;
import io.opgate.gateway.store.HistoryEntry;
import java.util.List;

/**
 * An operation as {@code ?view=full} shows it: every field, the raw payload, and its history (CONTRACT §6).
 *
 * @param operation the operation with its raw payload
 * @param history its transitions, oldest first
 */
record FullOperation(@JsonUnwrapped Operation operation, List<HistoryEntry> history) {}
