package io.opgate.gateway.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A credential as the client sent it, before it is checked: an {@code Authorization: Bearer} value or a stream token
 * from {@code ?token=}. Its {@link #toString()} never shows the value.
 */
final class PresentedCredential extends AbstractAuthenticationToken {

    enum Kind {
        /** {@code Authorization: Bearer <api key or JWT>}. */
        BEARER,
        /** {@code ?token=} on one of the two event streams. */
        STREAM_TOKEN
    }

    private final Kind kind;
    private final String value;
    private final String stream;

    PresentedCredential(Kind kind, String value) {
        this(kind, value, "");
    }

    /** A stream token presented to open {@code stream} (in the form of {@link StreamScope}). */
    PresentedCredential(Kind kind, String value, String stream) {
        super(List.of());
        this.kind = kind;
        this.value = value;
        this.stream = stream;
    }

    /** The stream a stream token is presented for; empty for a bearer value. */
    String stream() {
        return stream;
    }

    Kind kind() {
        return kind;
    }

    String value() {
        return value;
    }

    @Override
    public Object getCredentials() {
        return value;
    }

    @Override
    public Object getPrincipal() {
        return kind;
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "PresentedCredential[" + kind + ", ******]";
    }
}
