package io.opgate.gateway.store.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * A Lua script from this package's resources, run by its SHA-1 and sent whole only when the server does not know it
 * yet (after a restart or a failover).
 */
final class RedisScript {

    private final String name;
    private final String body;
    private final String sha;

    private RedisScript(String name, String body) {
        this.name = name;
        this.body = body;
        this.sha = sha1(body);
    }

    static RedisScript load(String name) {
        return new RedisScript(name, text(name));
    }

    /** A script that calls the functions of {@code library}, which is sent with it as one script. */
    static RedisScript load(String name, String library) {
        return new RedisScript(name, text(library) + text(name));
    }

    private static String text(String name) {
        try (InputStream in = RedisScript.class.getResourceAsStream(name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("missing script " + name + ".lua");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the script; answers its reply as a list (empty for an empty reply). */
    Mono<List<Object>> run(RedisClusterReactiveCommands<String, String> redis, String[] keys, String... args) {
        return redis.<Object>evalsha(sha, ScriptOutputType.MULTI, keys, args)
                .collectList()
                .onErrorResume(
                        RedisNoScriptException.class, e -> redis.<Object>eval(body, ScriptOutputType.MULTI, keys, args)
                                .collectList())
                .map(RedisScript::reply);
    }

    /** The script's array: the reactive API hands a multi-bulk reply over nested in lists of one element. */
    @SuppressWarnings("unchecked")
    private static List<Object> reply(List<Object> emitted) {
        List<Object> reply = emitted;
        while (reply.size() == 1 && reply.get(0) instanceof List<?> array) {
            reply = (List<Object>) array;
        }
        return reply;
    }

    @Override
    public String toString() {
        return name;
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
