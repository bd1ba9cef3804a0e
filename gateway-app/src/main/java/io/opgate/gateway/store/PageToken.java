package io.opgate.gateway.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The opaque page token: where the previous page ended, as {@code updatedAt} millis and id. */
final class PageToken {

    private PageToken() {}

    static String encode(MemoryOperationStore.IndexKey last) {
        String raw = last.updatedAtMillis() + ":" + last.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static MemoryOperationStore.IndexKey decode(String token) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            if (colon < 1 || colon == raw.length() - 1) {
                throw new InvalidPageToken();
            }
            return new MemoryOperationStore.IndexKey(Long.parseLong(raw.substring(0, colon)), raw.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidPageToken();
        }
    }
}
