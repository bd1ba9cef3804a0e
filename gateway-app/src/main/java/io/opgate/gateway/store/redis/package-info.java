/**
 * The Redis store: operations, their indexes, the change feed, the shared due queue and the shared watch registry,
 * so that several replicas on one Redis act as one gateway. {@link io.opgate.gateway.store.redis.RedisKeys} documents
 * the key layout.
 */
@NullMarked
package io.opgate.gateway.store.redis;

import org.jspecify.annotations.NullMarked;
