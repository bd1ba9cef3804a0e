package io.opgate.gateway.security;

import java.util.List;
import java.util.Locale;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated caller, as Spring Security holds it. Its authorities are the caller's roles in lower case
 * ({@code read}, {@code write}, {@code admin}), which the access rules name.
 */
public final class CallerAuthentication extends AbstractAuthenticationToken {

    private final Caller caller;

    public CallerAuthentication(Caller caller) {
        super(authorities(caller));
        this.caller = caller;
        setAuthenticated(true);
    }

    /** The authority a role grants. */
    public static String authority(Caller.Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    private static List<GrantedAuthority> authorities(Caller caller) {
        return caller.roles().stream()
                .sorted()
                .map(role -> (GrantedAuthority) new SimpleGrantedAuthority(authority(role)))
                .toList();
    }

    public Caller caller() {
        return caller;
    }

    @Override
    public Caller getPrincipal() {
        return caller;
    }

    @Override
    public Object getCredentials() {
        // The key or token that proved it is not kept: nothing downstream needs it.
        return "";
    }

    @Override
    public String getName() {
        return caller.tenant();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CallerAuthentication other && caller.equals(other.caller);
    }

    @Override
    public int hashCode() {
        return caller.hashCode();
    }

    @Override
    public String toString() {
        return "CallerAuthentication[" + caller + "]";
    }
}
