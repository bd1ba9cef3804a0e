package io.opgate.gateway.security;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import reactor.core.publisher.Mono;

/** A {@link RegistrationRate} with its buckets in this instance's memory: the memory store's, which runs as one. */
public final class LocalRegistrationRate implements RegistrationRate {

    private final BucketConfiguration configuration;
    private final TimeMeter time;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param time a monotonic clock, {@link TimeMeter#SYSTEM_NANOTIME} outside tests
     */
    public LocalRegistrationRate(double perSecond, int burst, TimeMeter time) {
        this.configuration = RegistrationRate.bucket(perSecond, burst);
        this.time = time;
    }

    @Override
    public Mono<Void> acquire(Caller caller) {
        return Mono.defer(() -> {
            Bucket bucket = buckets.computeIfAbsent(caller.tenant(), tenant -> Bucket.builder()
                    .addLimit(configuration.getBandwidths()[0])
                    .withCustomTimePrecision(time)
                    .build());
            return RegistrationRate.answer(bucket.tryConsumeAndReturnRemaining(1));
        });
    }
}
