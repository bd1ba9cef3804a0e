package io.opgate.gateway.security;

import java.util.List;
import java.util.Set;
import org.springframework.http.HttpMethod;

/**
 * Who may call what, as one table (CONTRACT §5 and §6): every method on every path that is served is listed with the
 * role it needs; whatever is not listed is refused ({@code 401} without credentials, {@code 403} with them). The
 * README's Security section shows the same table; {@code AccessSweep} checks every cell of it against the running
 * gateway.
 */
public final class AccessRules {

    /** What a rule asks of the caller. */
    public enum Need {
        /** Nothing: no credentials needed (and none checked beyond their shape). */
        OPEN,
        READ,
        WRITE,
        ADMIN
    }

    /** One row: these methods on these paths need that. Paths are Spring path patterns. */
    public record Rule(Set<HttpMethod> methods, List<String> paths, Need need) {}

    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD);

    /** The table, in the order it is applied (first match wins). */
    public static final List<Rule> RULES = List.of(
            // Probes and scrapers carry no credentials; neither answer holds operation data.
            new Rule(READS, List.of("/actuator/health", "/actuator/health/**", "/actuator/prometheus"), Need.OPEN),
            // The dashboard's page and files hold no data; every call they make needs credentials.
            new Rule(
                    READS,
                    List.of("/", "/index.html", "/dashboard.js", "/dashboard.css", "/favicon.ico", "/assets/**"),
                    Need.OPEN),
            // The API's description and its explorer describe what exists, so only callers of the API see them.
            new Rule(
                    READS,
                    List.of(
                            "/v3/api-docs",
                            "/v3/api-docs/**",
                            "/v3/api-docs.yaml",
                            "/swagger-ui.html",
                            "/swagger-ui/**"),
                    Need.READ),
            new Rule(Set.of(HttpMethod.POST), List.of("/v1/stream-tokens"), Need.READ),
            new Rule(READS, List.of("/v1/**"), Need.READ),
            new Rule(Set.of(HttpMethod.POST), List.of("/v1/operations", "/v1/operations/*/cancel"), Need.WRITE),
            new Rule(Set.of(HttpMethod.DELETE), List.of("/v1/operations/*"), Need.WRITE),
            new Rule(READS, List.of("/actuator", "/actuator/**"), Need.ADMIN));

    private AccessRules() {}
}
