package io.opgate.contracts.spi;

/**
 * What an adapter can do besides {@link BackendAdapter#poll}, as it declares it (shown in {@code GET /v1/backends}
 * under {@code capabilities}). The gateway calls {@link BackendAdapter#discover} and relies on
 * {@link BackendAdapter#pollMany} only where the adapter declares them.
 *
 * @param cancel the backend can cancel a single operation ({@link BackendAdapter#cancel} may answer other than
 *     {@link CancelOutcome.Unsupported})
 * @param discover {@link BackendAdapter#discover} lists the backend's current and recently ended operations
 * @param pollMany {@link BackendAdapter#pollMany} observes a set of handles in one request, or a few
 * @param batchSize how many handles the gateway passes to one {@link BackendAdapter#pollMany} call unless the
 *     backend's {@code batch-size} setting says otherwise; 1 when {@code pollMany} is false
 */
public record AdapterCapabilities(boolean cancel, boolean discover, boolean pollMany, int batchSize) {

    /** Polls only: no cancel, no discovery, one handle per request. */
    public static final AdapterCapabilities POLL_ONLY = new AdapterCapabilities(false, false, false, 1);

    public AdapterCapabilities {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
        if (!pollMany && batchSize != 1) {
            throw new IllegalArgumentException("an adapter that cannot poll many has a batch size of 1");
        }
    }
}
