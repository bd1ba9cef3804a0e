package io.opgate.gateway.tracking;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The gateway's operation ids: derived from tenant, backend and handle, so that the same three always give the same
 * id, and opaque (a digest, so a handle never shows through an id).
 */
public final class OperationIds {

    private OperationIds() {}

    public static String of(String tenant, String backend, String handle) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            // Lengths first, so that no two different triples can produce the same input.
            String input = tenant.length() + ":" + tenant + "|" + backend.length() + ":" + backend + "|" + handle;
            byte[] digest = sha.digest(input.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(digest)
                    .substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Whether {@code id} has the shape of an id (URL-safe, at most 128 characters). */
    public static boolean isWellFormed(String id) {
        if (id.isEmpty() || id.length() > 128) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
