package io.opgate.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived tokens that let a browser open an event stream, since {@code EventSource} cannot send an
 * {@code Authorization} header. A token is {@code <key id>.<payload>.<HMAC-SHA256>}, base64url; the payload carries
 * the tenant, the expiry and a digest of the one stream it opens ({@link StreamScope}), and grants read on that
 * tenant only: an admin's token sees what its own tenant sees, never every tenant's operations (the whole firehose
 * stays behind an {@code Authorization} header). It lives at most {@link #MAX_TTL}. The first key signs; every key verifies, so keys rotate by putting a
 * new key first and removing the old one a token lifetime later.
 */
public final class StreamTokens {

    private static final String ALGORITHM = "HmacSHA256";
    private static final String VERSION = "2";
    /** The one grant a token carries: read, on its own tenant. */
    private static final String READ_ON_TENANT = "r";

    /** The longest a token may live, whatever is configured. */
    public static final Duration MAX_TTL = Duration.ofMinutes(5);

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int MAX_TOKEN_LENGTH = 2048;

    private final Map<String, byte[]> keysById;
    private final String signingKeyId;
    private final Duration ttl;
    private final Clock clock;

    /**
     * @param keys the keys; the first signs; none means one random key, good for this process only
     * @param ttl how long a token may open a stream
     */
    public StreamTokens(List<String> keys, Duration ttl, Clock clock) {
        List<byte[]> raw = new ArrayList<>();
        keys.forEach(key -> raw.add(key.getBytes(StandardCharsets.UTF_8)));
        if (raw.isEmpty()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            raw.add(random);
        }
        Map<String, byte[]> byId = new LinkedHashMap<>();
        raw.forEach(key -> byId.putIfAbsent(keyId(key), key));
        this.keysById = byId;
        this.signingKeyId = keyId(raw.get(0));
        this.ttl = ttl.compareTo(MAX_TTL) > 0 ? MAX_TTL : ttl;
        this.clock = clock;
    }

    /**
     * A token and when it stops opening streams.
     *
     * @param token the value of {@code ?token=}
     */
    public record Issued(String token, Instant expiresAt) {

        @Override
        public String toString() {
            return "StreamTokens.Issued[expiresAt=" + expiresAt + "]";
        }
    }

    /**
     * A token for {@code caller} that opens {@code stream} only, with read on the caller's tenant (an admin's too).
     *
     * @param stream the stream in the form of {@link StreamScope}
     */
    public Issued issue(Caller caller, String stream) {
        Instant expiresAt = clock.instant().plus(ttl);
        String payload = VERSION + "|" + expiresAt.toEpochMilli() + "|" + READ_ON_TENANT + "|" + streamDigest(stream)
                + "|" + caller.tenant();
        String signed = signingKeyId + "." + ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return new Issued(signed + "." + ENCODER.encodeToString(mac(keysById.get(signingKeyId), signed)), expiresAt);
    }

    /**
     * The caller a token stands for on {@code stream}; {@link CredentialsRejected} when it is malformed, tampered
     * with, expired, or was issued for another stream.
     */
    public Caller verify(String token, String stream) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw invalid();
        }
        int first = token.indexOf('.');
        int last = token.lastIndexOf('.');
        if (first < 1 || last <= first + 1 || last == token.length() - 1) {
            throw invalid();
        }
        byte[] key = keysById.get(token.substring(0, first));
        if (key == null) {
            throw invalid();
        }
        String signed = token.substring(0, last);
        byte[] presented;
        String payload;
        try {
            presented = DECODER.decode(token.substring(last + 1));
            payload = new String(DECODER.decode(token.substring(first + 1, last)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (!MessageDigest.isEqual(presented, mac(key, signed))) {
            throw invalid();
        }
        String[] fields = payload.split("\\|", 5);
        if (fields.length != 5 || !fields[0].equals(VERSION) || fields[4].isEmpty()) {
            throw invalid();
        }
        long expiresAt;
        try {
            expiresAt = Long.parseLong(fields[1]);
        } catch (NumberFormatException e) {
            throw invalid();
        }
        if (clock.millis() >= expiresAt) {
            throw new CredentialsRejected("the stream token has expired; ask POST /v1/stream-tokens for a new one");
        }
        if (!MessageDigest.isEqual(
                fields[3].getBytes(StandardCharsets.UTF_8), streamDigest(stream).getBytes(StandardCharsets.UTF_8))) {
            throw new CredentialsRejected("the stream token was issued for another stream (path and filters); ask"
                    + " POST /v1/stream-tokens for one naming this stream");
        }
        if (!fields[2].equals(READ_ON_TENANT)) {
            throw invalid();
        }
        return new Caller(fields[4], Set.of(Caller.Role.READ));
    }

    private static String streamDigest(String stream) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(stream.getBytes(StandardCharsets.UTF_8));
            return ENCODER.encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static CredentialsRejected invalid() {
        return new CredentialsRejected("the stream token is not valid");
    }

    private static byte[] mac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has " + ALGORITHM, e);
        }
    }

    /** A short, public name for a key: part of a hash, so it tells nothing about the key. */
    private static String keyId(byte[] key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update("opgate stream token key id ".getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(key), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
