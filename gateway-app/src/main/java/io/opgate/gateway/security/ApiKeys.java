package io.opgate.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The configured API keys, held only as SHA-256 digests. A presented key is hashed and compared with every digest in
 * constant time, so neither the answer nor its timing tells how much of a guess was right.
 */
public final class ApiKeys {

    private final List<Entry> entries;

    public ApiKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * One key: its digest and who it makes the caller.
     *
     * @param sha256 the SHA-256 of the key as 64 hex digits
     */
    public record Entry(String sha256, String tenant, Set<Caller.Role> roles) {

        public Entry {
            roles = Set.copyOf(roles);
        }

        byte[] digest() {
            return HexFormat.of().parseHex(sha256);
        }

        @Override
        public String toString() {
            return "ApiKeys.Entry[tenant=" + tenant + ", roles=" + roles + "]";
        }
    }

    /** The caller a key belongs to, or empty when no configured key matches. */
    public Optional<Caller> authenticate(String presentedKey) {
        byte[] digest = sha256(presentedKey);
        Entry match = null;
        // Every entry is compared, also after a match, so that the time taken says nothing about the position.
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(digest, entry.digest()) && match == null) {
                match = entry;
            }
        }
        return match == null ? Optional.empty() : Optional.of(new Caller(match.tenant(), match.roles()));
    }

    /** The SHA-256 of a key as the configuration wants it: 64 lower-case hex digits. */
    public static String sha256Hex(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
