package io.opgate.gateway.security;

import org.springframework.security.core.AuthenticationException;

/**
 * Credentials that do not authenticate anyone (401). The message is written for the client and never contains the
 * credential itself.
 */
public final class CredentialsRejected extends AuthenticationException {

    public CredentialsRejected(String message) {
        super(message);
    }
}
