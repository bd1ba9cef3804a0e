package io.opgate.gateway.store;

/** A page token that this store did not issue. */
public final class InvalidPageToken extends RuntimeException {
    public InvalidPageToken() {
        super("pageToken is not a token this gateway issued", null, false, false);
    }
}
