package io.opgate.gateway.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands tests the one {@link RedisServer} of the test run (started at first use, stopped when the run ends), or the
 * server at {@code REDIS_URL}. Tests share it: each keeps its keys apart with a prefix of its own.
 */
public final class RedisExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RedisServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return shared(context);
    }

    /** The shared server. */
    public static RedisServer shared(ExtensionContext context) {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.create(RedisExtension.class))
                .computeIfAbsent(RedisServer.class, type -> RedisServer.sharedOrLocal(), RedisServer.class);
    }
}
