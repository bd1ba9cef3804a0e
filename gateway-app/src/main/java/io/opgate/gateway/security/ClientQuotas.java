package io.opgate.gateway.security;

/**
 * What one tenant may hold or do at once: per instance with the memory store, across every replica with the Redis
 * store.
 *
 * @param streams open event streams
 * @param longPolls reads waiting with {@code ?wait=}
 * @param registrations registrations, as a rate
 */
public record ClientQuotas(ConcurrencyQuota streams, ConcurrencyQuota longPolls, RegistrationRate registrations) {}
