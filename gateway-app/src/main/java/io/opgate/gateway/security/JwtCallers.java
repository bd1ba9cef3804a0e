package io.opgate.gateway.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import reactor.core.publisher.Mono;

/**
 * Turns a verified JWT into a caller: the tenant from a configurable claim, the roles from the scopes
 * {@code opgate.read}, {@code opgate.write} and {@code opgate.admin} (in {@code scope}, space-separated, or
 * {@code scp}, a list, as authorization servers differ). A token without the tenant claim authenticates nobody.
 */
public final class JwtCallers implements Converter<Jwt, Mono<AbstractAuthenticationToken>> {

    static final String SCOPE_PREFIX = "opgate.";
    static final int MAX_TENANT = 128;

    private final String tenantClaim;

    public JwtCallers(String tenantClaim) {
        this.tenantClaim = tenantClaim;
    }

    @Override
    public Mono<AbstractAuthenticationToken> convert(Jwt jwt) {
        return Mono.fromCallable(() -> new CallerAuthentication(caller(jwt)));
    }

    Caller caller(Jwt jwt) {
        Object tenant = jwt.getClaims().get(tenantClaim);
        if (!(tenant instanceof String name) || name.isBlank()) {
            throw new CredentialsRejected("the token has no '" + tenantClaim + "' claim naming a tenant");
        }
        if (name.length() > MAX_TENANT || name.chars().anyMatch(Character::isISOControl)) {
            throw new CredentialsRejected("the token's '" + tenantClaim + "' claim is not a tenant name");
        }
        return new Caller(name, roles(jwt));
    }

    private static Set<Caller.Role> roles(Jwt jwt) {
        Set<Caller.Role> roles = EnumSet.noneOf(Caller.Role.class);
        for (String claim : new String[] {"scope", "scp"}) {
            Object value = jwt.getClaims().get(claim);
            if (value instanceof String text) {
                for (String scope : text.trim().split("\\s+")) {
                    add(scope, roles);
                }
            } else if (value instanceof Collection<?> list) {
                list.forEach(scope -> add(String.valueOf(scope), roles));
            }
        }
        return roles;
    }

    private static void add(String scope, Set<Caller.Role> roles) {
        switch (scope) {
            case SCOPE_PREFIX + "read" -> roles.add(Caller.Role.READ);
            case SCOPE_PREFIX + "write" -> roles.add(Caller.Role.WRITE);
            case SCOPE_PREFIX + "admin" -> roles.add(Caller.Role.ADMIN);
            default -> {
                // Scopes meant for other services are no concern of the gateway.
            }
        }
    }
}
