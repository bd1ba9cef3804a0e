package io.opgate.gateway.tracking;

/** Why a request about operations cannot be served, in terms the API turns into problem details. */
public final class OperationProblem extends RuntimeException {

    /** The kinds of problem, each answered with one HTTP status. */
    public enum Kind {
        /** The request is malformed (400). */
        INVALID,
        /** No such backend is configured (422). */
        UNKNOWN_BACKEND,
        /** No such operation, or not the caller's (404). */
        NOT_FOUND,
        /** The backend says the handle does not exist (404 at registration). */
        HANDLE_NOT_FOUND,
        /** The caller may not do this (403). */
        FORBIDDEN,
        /** The operation's state does not allow it (409). */
        CONFLICT,
        /** The backend type cannot do it (501). */
        UNSUPPORTED,
        /** The backend gave no usable answer (502). */
        BACKEND_FAILED
    }

    private final Kind kind;

    public OperationProblem(Kind kind, String detail) {
        super(detail, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static OperationProblem notFound(String id) {
        return new OperationProblem(Kind.NOT_FOUND, "no operation with id '" + id + "'");
    }

    public static OperationProblem invalid(String detail) {
        return new OperationProblem(Kind.INVALID, detail);
    }
}
