package io.opgate.contracts.model;

/**
 * The normalized state of an operation. Terminality belongs to the state: a terminal state never changes again.
 */
public enum OperationState {
    /** Registered, not yet observed. */
    UNKNOWN(false),
    QUEUED(false),
    RUNNING(false),
    /** Suspended by the backend or an operator; it may resume, so it is not terminal. */
    PAUSED(false),
    SUCCEEDED(true),
    FAILED(true),
    CANCELLED(true),
    /** The backend no longer knows the handle and no terminal state was ever observed: the outcome is unknown. */
    LOST(true);

    private final boolean terminal;

    OperationState(boolean terminal) {
        this.terminal = terminal;
    }

    public boolean isTerminal() {
        return terminal;
    }

    /**
     * The state that follows this one when a backend reports {@code observed}: a terminal state stays as it is,
     * whatever a later poll says.
     */
    public OperationState followedBy(OperationState observed) {
        return terminal ? this : observed;
    }
}
