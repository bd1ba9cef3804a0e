package io.opgate.contracts.spi;

/** The outcome of asking a backend to cancel an operation. */
public sealed interface CancelOutcome {

    /** The backend accepted the request; the operation's state changes when a later poll observes it. */
    record Accepted() implements CancelOutcome {}

    /** The backend refused to cancel this operation; {@code message} is the backend's own explanation. */
    record Refused(String message) implements CancelOutcome {}

    /** This backend type cannot cancel a single operation. */
    record Unsupported(String message) implements CancelOutcome {}

    /** The cancel request got no usable answer; it may be tried again. */
    record Failed(String reason) implements CancelOutcome {}

    static CancelOutcome accepted() {
        return new Accepted();
    }
}
