package io.opgate.gateway.config;

import io.opgate.gateway.tracking.Backend;
import io.opgate.gateway.tracking.BackendRegistry;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Says at start what an operator checks first: which backends are configured (type and host, never a credential or a
 * path that might carry one), which store and security mode are in force, and where the dashboard is.
 */
final class StartupSummary implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(StartupSummary.class);

    private final OpgateProperties properties;
    private final BackendRegistry backends;

    StartupSummary(OpgateProperties properties, BackendRegistry backends) {
        this.properties = properties;
        this.backends = backends;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        Environment env = event.getApplicationContext().getEnvironment();
        log.info(
                "opgate is ready: store {}, security mode {}, {} backend(s)",
                store(env),
                properties.security().mode(),
                backends.all().size());
        for (Backend backend : backends.all()) {
            log.info(
                    "Backend {}: type {}, at {}, at most {} polls at once",
                    backend.name(),
                    backend.type(),
                    host(backend.config().baseUrl()),
                    backend.maxConcurrency());
        }
        log.info("Dashboard: {}", dashboard(env));
    }

    private String store(Environment env) {
        if (!"redis".equals(properties.store())) {
            return properties.store();
        }
        String url = env.getProperty("spring.data.redis.url");
        if (url != null && !url.isBlank()) {
            return "redis at " + host(url);
        }
        if (env.getProperty("spring.data.redis.sentinel.master") != null) {
            return "redis through Sentinel (master " + env.getProperty("spring.data.redis.sentinel.master") + ")";
        }
        return "redis at " + env.getProperty("spring.data.redis.host", "localhost") + ":"
                + env.getProperty("spring.data.redis.port", "6379");
    }

    /** Scheme, host and port only: user info, path and query may carry credentials or tenant names. */
    static String host(@Nullable String url) {
        if (url == null || url.isBlank()) {
            return "the type's default address";
        }
        try {
            URI uri = URI.create(url.trim());
            if (uri.getHost() == null) {
                return "an address that is not a URL";
            }
            return (uri.getScheme() == null ? "" : uri.getScheme() + "://")
                    + uri.getHost()
                    + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return "an address that is not a URL";
        }
    }

    private static String dashboard(Environment env) {
        boolean tls = env.getProperty("server.ssl.enabled", Boolean.class, false)
                || env.getProperty("server.ssl.bundle") != null
                || env.getProperty("server.ssl.certificate") != null
                || env.getProperty("server.ssl.key-store") != null;
        String address = env.getProperty("server.address");
        if (address == null || address.isBlank() || address.equals("0.0.0.0") || address.equals("::")) {
            address = "localhost";
        } else if (address.contains(":")) {
            address = "[" + address + "]";
        }
        String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
        return (tls ? "https" : "http") + "://" + address + ":" + port + "/";
    }
}
