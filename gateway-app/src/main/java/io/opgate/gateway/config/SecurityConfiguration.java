package io.opgate.gateway.config;

import io.opgate.gateway.security.ApiKeys;
import io.opgate.gateway.security.BearerCredentialsConverter;
import io.opgate.gateway.security.Caller;
import io.opgate.gateway.security.CallerAuthentication;
import io.opgate.gateway.security.CallerAuthenticationManager;
import io.opgate.gateway.security.CallerResolver;
import io.opgate.gateway.security.CredentialsRejected;
import io.opgate.gateway.security.JwtCallers;
import io.opgate.gateway.security.RegistrationRateLimiter;
import io.opgate.gateway.security.SecurityContextCallerResolver;
import io.opgate.gateway.security.SecurityResponseHeaders;
import io.opgate.gateway.security.StreamQuota;
import io.opgate.gateway.security.StreamTokens;
import io.opgate.gateway.tracking.BackendRegistry;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.header.HttpHeaderWriterWebFilter;
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
    StreamQuota streamQuota(OpgateProperties properties) {
        return new StreamQuota(properties.security().maxStreamsPerClient());
    }

    @Bean
    RegistrationRateLimiter registrationRateLimiter(OpgateProperties properties) {
        OpgateProperties.Registrations rate = properties.security().registrations();
        return new RegistrationRateLimiter(rate.perSecond(), rate.burst(), System::nanoTime);
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

    /**
     * The filter chain. It takes the backend registry only so that the whole configuration, security included, is
     * validated (there) before anything here is built from it.
     */
    @Bean
    SecurityWebFilterChain securityWebFilterChain(
            ServerHttpSecurity http,
            OpgateProperties properties,
            StreamTokens streamTokens,
            BackendRegistry validated) {
        http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
                // Spring Security's default response headers, written by a cheaper writer (SecurityResponseHeaders).
                .headers(ServerHttpSecurity.HeaderSpec::disable)
                .addFilterAt(
                        new HttpHeaderWriterWebFilter(new SecurityResponseHeaders()),
                        SecurityWebFiltersOrder.HTTP_HEADERS_WRITER)
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
        String read = CallerAuthentication.authority(Caller.Role.READ);
        String write = CallerAuthentication.authority(Caller.Role.WRITE);
        String admin = CallerAuthentication.authority(Caller.Role.ADMIN);
        return http.addFilterAt(authentication, SecurityWebFiltersOrder.AUTHENTICATION)
                .authorizeExchange(rules -> rules
                        // Probes and scrapers carry no credentials; neither answer holds operation data.
                        .pathMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/actuator/prometheus")
                        .permitAll()
                        // The dashboard's page and files hold no data; every call they make needs credentials.
                        .pathMatchers(HttpMethod.GET, "/", "/index.html", "/favicon.ico", "/assets/**", "/static/**")
                        .permitAll()
                        .pathMatchers(HttpMethod.POST, "/v1/stream-tokens")
                        .hasAuthority(read)
                        .pathMatchers(HttpMethod.GET, "/v1/operation-counts")
                        .hasAuthority(read)
                        .pathMatchers(HttpMethod.GET, "/v1/**")
                        .hasAuthority(read)
                        .pathMatchers(HttpMethod.POST, "/v1/operations", "/v1/operations/*/cancel")
                        .hasAuthority(write)
                        .pathMatchers(HttpMethod.DELETE, "/v1/operations/*")
                        .hasAuthority(write)
                        .pathMatchers("/actuator/**")
                        .hasAuthority(admin)
                        .anyExchange()
                        .authenticated())
                .build();
    }

    private static CallerAuthenticationManager manager(OpgateProperties properties, StreamTokens streamTokens) {
        OpgateProperties.Security security = properties.security();
        if (MODE_API_KEY.equals(security.mode())) {
            return CallerAuthenticationManager.apiKeys(streamTokens, apiKeys(security));
        }
        OpgateProperties.Jwt jwt = security.jwt();
        NimbusReactiveJwtDecoder decoder = jwt.jwkSetUri() != null
                ? NimbusReactiveJwtDecoder.withJwkSetUri(jwt.jwkSetUri()).build()
                : NimbusReactiveJwtDecoder.withIssuerLocation(jwt.issuerUri()).build();
        decoder.setJwtValidator(
                jwt.issuerUri() != null
                        ? JwtValidators.createDefaultWithIssuer(jwt.issuerUri())
                        : JwtValidators.createDefault());
        JwtReactiveAuthenticationManager jwtManager = new JwtReactiveAuthenticationManager(decoder);
        jwtManager.setJwtAuthenticationConverter(new JwtCallers(jwt.tenantClaim()));
        return CallerAuthenticationManager.jwt(streamTokens, jwtManager);
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
                    "these credentials do not allow this request: read is needed for reads and streams, write for"
                            + " registering, cancelling and deleting"));
}
