package io.opgate.gateway.security;

import java.util.Set;

/**
 * Who makes a request: the tenant whose operations it sees and what it may do.
 *
 * @param tenant the caller's tenant
 * @param roles {@code read}, {@code write}, {@code admin}
 */
public record Caller(String tenant, Set<Role> roles) {

    /** The tenant of every operation when authentication is off ({@code opgate.security.mode: none}). */
    public static final String DEFAULT_TENANT = "default";

    public Caller {
        roles = Set.copyOf(roles);
    }

    /** The caller when authentication is off: one tenant, every right on it. */
    public static Caller unauthenticated() {
        return new Caller(DEFAULT_TENANT, Set.of(Role.READ, Role.WRITE));
    }

    /** Whether the caller sees every tenant's operations. */
    public boolean admin() {
        return roles.contains(Role.ADMIN);
    }

    /** Whether the caller may see an operation of {@code operationTenant}. */
    public boolean sees(String operationTenant) {
        return admin() || tenant.equals(operationTenant);
    }

    /** What a caller may do. */
    public enum Role {
        READ,
        WRITE,
        ADMIN
    }
}
