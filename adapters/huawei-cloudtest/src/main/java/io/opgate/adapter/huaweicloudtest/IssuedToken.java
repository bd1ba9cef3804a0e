package io.opgate.adapter.huaweicloudtest;

import io.opgate.contracts.spi.Secret;
import java.time.Instant;

/**
 * A token from IAM and the moment after which it is no longer handed out.
 *
 * @param token the {@code X-Subject-Token}; masked in {@link #toString()}
 * @param refreshAt shortly before the token's expiry
 */
record IssuedToken(Secret token, Instant refreshAt) {}
