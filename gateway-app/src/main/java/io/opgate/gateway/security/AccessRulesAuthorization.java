package io.opgate.gateway.security;

import java.util.List;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * {@link AccessRules#RULES} as Spring Security's one authorization decision for every request: the rows are matched
 * in order against the method and path (first match wins), and anything no row lists is refused.
 *
 * <p>The same table written as one {@code pathMatchers(...)} entry per method and row made every request walk a chain
 * of reactive matchers (a {@code Mono} per pattern, an {@code Or} matcher per row, a {@code concatMap} over the rows)
 * before the one that applied: measurable per request in the poll benchmark (BENCHMARKS.md, Round 4). Here the
 * patterns are parsed once and matched in a loop.
 */
public final class AccessRulesAuthorization implements ReactiveAuthorizationManager<AuthorizationContext> {

    private static final Mono<AuthorizationResult> GRANTED = Mono.just(new AuthorizationDecision(true));
    private static final Mono<AuthorizationResult> DENIED = Mono.just(new AuthorizationDecision(false));

    private record CompiledRule(Set<HttpMethod> methods, List<PathPattern> paths, AccessRules.Need need) {

        boolean matches(HttpMethod method, PathContainer path) {
            if (!methods.contains(method)) {
                return false;
            }
            for (PathPattern pattern : paths) {
                if (pattern.matches(path)) {
                    return true;
                }
            }
            return false;
        }
    }

    private final List<CompiledRule> rules;

    public AccessRulesAuthorization(List<AccessRules.Rule> rules) {
        PathPatternParser parser = PathPatternParser.defaultInstance;
        this.rules = rules.stream()
                .map(rule -> new CompiledRule(
                        rule.methods(), rule.paths().stream().map(parser::parse).toList(), rule.need()))
                .toList();
    }

    /** The rule that applies to this method and path, null when none does (refused). */
    AccessRules.Need needOf(HttpMethod method, PathContainer path) {
        for (CompiledRule rule : rules) {
            if (rule.matches(method, path)) {
                return rule.need();
            }
        }
        return null;
    }

    @Override
    public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, AuthorizationContext context) {
        var request = context.getExchange().getRequest();
        AccessRules.Need need = needOf(request.getMethod(), request.getPath().pathWithinApplication());
        if (need == null) {
            return DENIED;
        }
        if (need == AccessRules.Need.OPEN) {
            return GRANTED;
        }
        String authority = CallerAuthentication.authority(role(need));
        return authentication
                .filter(Authentication::isAuthenticated)
                .map(caller -> (AuthorizationResult) new AuthorizationDecision(has(caller, authority)))
                .defaultIfEmpty(new AuthorizationDecision(false));
    }

    private static boolean has(Authentication caller, String authority) {
        for (GrantedAuthority granted : caller.getAuthorities()) {
            if (authority.equals(granted.getAuthority())) {
                return true;
            }
        }
        return false;
    }

    private static Caller.Role role(AccessRules.Need need) {
        return switch (need) {
            case READ -> Caller.Role.READ;
            case WRITE -> Caller.Role.WRITE;
            case ADMIN -> Caller.Role.ADMIN;
            case OPEN -> throw new IllegalArgumentException("an open rule needs no role");
        };
    }
}
