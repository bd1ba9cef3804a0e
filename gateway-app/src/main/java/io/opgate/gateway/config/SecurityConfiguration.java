package io.opgate.gateway.config;

import io.opgate.gateway.security.AccessRules;
import io.opgate.gateway.security.AccessRulesAuthorization;
import io.opgate.gateway.security.ApiKeys;
import io.opgate.gateway.security.BearerCredentialsConverter;
import io.opgate.gateway.security.Caller;
import io.opgate.gateway.security.CallerAuthenticationManager;
import io.opgate.gateway.security.CallerResolver;
import io.opgate.gateway.security.CredentialsRejected;
import io.opgate.gateway.security.JwtCallers;
import io.opgate.gateway.security.SecurityContextCallerResolver;
import io.opgate.gateway.security.SecurityHeaders;
import io.opgate.gateway.security.StreamLifetime;
import io.opgate.gateway.security.StreamTokens;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * Who may do what (CONTRACT §5): API keys or JWTs on every {@code /v1} call, stream tokens on the two event streams,
 * health probes and metrics open. Refusals are problem details, written by the API's exception handler.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    static final String MODE_NONE = "none";
    static final String MODE_API_KEY = "api-key";
    static final String MODE_JWT = "jwt";

    @Bean
    StreamTokens streamTokens(OpgateProperties properties, Clock clock) {
        OpgateProperties.Security security = properties.security();
        if (security.streamTokenKeys().isEmpty()) {
            log.info("No opgate.security.stream-token-keys configured: stream tokens are signed with a random key made"
                    + " at start, so they work on this instance only; configure the keys when running several");
        }
        return new StreamTokens(security.streamTokenKeys(), security.streamTokenTtl(), clock);
    }

    /**
     * Spring Security's firewall refuses suspicious requests ({@code ..} in the path, encoded slashes, control
     * characters in headers) before anything else runs; its refusal becomes a 400 problem like every other.
     */
    @Bean
    ServerExchangeRejectedHandler problemForRejectedExchanges() {
        return (exchange, rejected) -> Mono.error(new ResponseStatusException(
                HttpStatus.BAD_REQUEST, "the request's path or headers contain characters this gateway refuses"));
    }

    @Bean
    StreamLifetime streamLifetime(OpgateProperties properties) {
        return new StreamLifetime(
                !MODE_NONE.equals(properties.security().mode()),
                properties.security().streamMaxAge());
    }

    @Bean
    CallerResolver callerResolver(OpgateProperties properties) {
        if (MODE_NONE.equals(properties.security().mode())) {
            Caller caller = Caller.unauthenticated();
            return exchange -> Mono.just(caller);
        }
        return new SecurityContextCallerResolver();
    }

    /**
     * No observation (and so no trace span) per security filter and decision: on every request they cost more than
     * the request's own work, and the request's {@code http.server.requests} observation already covers it.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** Runs before everything else, CORS and Spring Security included, so that every answer carries the headers. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityHeaders securityHeaders() {
        return new SecurityHeaders();
    }

    /**
     * The filter chain: {@link AccessRules#RULES}, each row with its role, and everything else refused. The settings
     * it is built from were checked before the context started ({@link SettingsCheck}).
     */
    @Bean
    SecurityWebFilterChain securityWebFilterChain(
            ServerHttpSecurity http, OpgateProperties properties, StreamTokens streamTokens) {
        http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
                // SecurityHeaders writes them on every answer, also on those this chain never sees.
                .headers(ServerHttpSecurity.HeaderSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .exceptionHandling(handling ->
                        handling.authenticationEntryPoint(ENTRY_POINT).accessDeniedHandler(ACCESS_DENIED));
        String mode = properties.security().mode();
        if (MODE_NONE.equals(mode)) {
            log.warn("opgate.security.mode is none: every request is served without authentication");
            return http.authorizeExchange(rules -> rules.anyExchange().permitAll())
                    .build();
        }
        AuthenticationWebFilter authentication = new AuthenticationWebFilter(manager(properties, streamTokens));
        authentication.setServerAuthenticationConverter(new BearerCredentialsConverter());
        authentication.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(ENTRY_POINT));
        authentication.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
        return http.addFilterAt(authentication, SecurityWebFiltersOrder.AUTHENTICATION)
                // Deny by default: a method or path nobody listed is refused, whoever asks.
                .authorizeExchange(rules -> rules.anyExchange().access(new AccessRulesAuthorization(AccessRules.RULES)))
                .build();
    }

    private static CallerAuthenticationManager manager(OpgateProperties properties, StreamTokens streamTokens) {
        OpgateProperties.Security security = properties.security();
        if (MODE_API_KEY.equals(security.mode())) {
            return CallerAuthenticationManager.apiKeys(streamTokens, apiKeys(security));
        }
        JwtReactiveAuthenticationManager jwtManager = new JwtReactiveAuthenticationManager(jwtDecoder(security.jwt()));
        jwtManager.setJwtAuthenticationConverter(new JwtCallers(security.jwt().tenantClaim()));
        return CallerAuthenticationManager.jwt(streamTokens, jwtManager);
    }

    /**
     * Signature (with the configured algorithms only), expiry and not-before with a bounded skew, the issuer, and an
     * audience of this gateway's: every check, always.
     */
    static ReactiveJwtDecoder jwtDecoder(OpgateProperties.Jwt jwt) {
        Consumer<Set<SignatureAlgorithm>> algorithms = accepted -> {
            accepted.clear();
            jwt.jwsAlgorithms().forEach(name -> accepted.add(SignatureAlgorithm.from(name)));
        };
        NimbusReactiveJwtDecoder decoder = jwt.jwkSetUri() != null
                ? NimbusReactiveJwtDecoder.withJwkSetUri(jwt.jwkSetUri())
                        .jwsAlgorithms(algorithms)
                        .build()
                : NimbusReactiveJwtDecoder.withIssuerLocation(jwt.issuerUri())
                        .jwsAlgorithms(algorithms)
                        .build();
        Set<String> audiences = Set.copyOf(jwt.audiences());
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                new JwtTimestampValidator(jwt.clockSkew()),
                new JwtIssuerValidator(jwt.issuerUri()),
                new JwtClaimValidator<List<String>>(
                        JwtClaimNames.AUD, aud -> aud != null && aud.stream().anyMatch(audiences::contains))));
        return decoder;
    }

    private static ApiKeys apiKeys(OpgateProperties.Security security) {
        return new ApiKeys(security.apiKeys().stream()
                .map(key -> new ApiKeys.Entry(key.sha256().toLowerCase(Locale.ROOT), key.tenant(), roles(key)))
                .toList());
    }

    static Set<Caller.Role> roles(OpgateProperties.ApiKey key) {
        Set<Caller.Role> roles = EnumSet.noneOf(Caller.Role.class);
        key.roles().forEach(role -> roles.add(Caller.Role.valueOf(role.trim().toUpperCase(Locale.ROOT))));
        return roles;
    }

    private static final ServerAuthenticationEntryPoint ENTRY_POINT = (exchange, failure) -> {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        String detail = failure instanceof CredentialsRejected
                ? failure.getMessage()
                : failure instanceof InvalidBearerTokenException
                        ? "the bearer token is not valid or has expired"
                        : "authentication is required: send Authorization: Bearer <api key or JWT>";
        return Mono.error(new ResponseStatusException(HttpStatus.UNAUTHORIZED, detail));
    };

    private static final ServerAccessDeniedHandler ACCESS_DENIED =
            (exchange, denied) -> Mono.error(new ResponseStatusException(
                    HttpStatus.FORBIDDEN,
                    "these credentials do not allow this request: read is needed for GET, HEAD and streams, write"
                            + " for registering, cancelling and deleting; other methods are refused to everyone"));
}
