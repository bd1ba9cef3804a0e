package io.opgate.gateway.store;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a list, newest {@code updatedAt} first.
 *
 * @param items the operations on this page
 * @param nextPageToken where the next page starts, or null on the last page
 */
public record Page(List<TrackedOperation> items, @Nullable String nextPageToken) {}
