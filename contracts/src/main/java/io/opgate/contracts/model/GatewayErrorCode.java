package io.opgate.contracts.model;

/** The error codes the gateway itself uses when a backend gives none (CONTRACT §1.2). */
public final class GatewayErrorCode {

    /** The backend no longer knows the handle. */
    public static final String HANDLE_NOT_FOUND = "HANDLE_NOT_FOUND";

    /** The backend could not be reached for the configured give-up period. */
    public static final String BACKEND_UNREACHABLE = "BACKEND_UNREACHABLE";

    /** The backend reported a failure without a code of its own. */
    public static final String BACKEND_ERROR = "BACKEND_ERROR";

    private GatewayErrorCode() {}
}
