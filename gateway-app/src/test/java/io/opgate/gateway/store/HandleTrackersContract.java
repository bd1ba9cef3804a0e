package io.opgate.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link HandleTrackers} must do on one instance (claims racing on two replicas are the Redis trackers' own
 * test); each store's test extends this in a few lines. Each test gets trackers of its own.
 */
public abstract class HandleTrackersContract {

    protected static final Duration WAIT = Duration.ofSeconds(10);
    protected static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    protected HandleTrackers trackers;

    /** New, empty trackers. */
    protected abstract HandleTrackers create();

    /** Stores operation {@code id}, so that its tracker is live however old its claim. */
    protected abstract void stored(String id);

    @BeforeEach
    void open() {
        trackers = create();
    }

    boolean claim(String handle, String tenant, boolean exclusive, Instant now) {
        return trackers.claim("lab", handle, tenant, tenant + "-" + handle, exclusive, now)
                .block(WAIT);
    }

    @Test
    void aHandleIsItsOwnersWhileTheOwnersOperationIsStored() {
        assertThat(claim("h1", "team-a", true, T0)).isTrue();
        stored("team-a-h1");
        assertThat(claim("h1", "team-b", true, T0.plusSeconds(1))).isFalse();
        assertThat(claim("h1", "team-b", true, T0.plus(Duration.ofDays(1)))).isFalse();
        assertThat(claim("h1", "team-a", true, T0.plusSeconds(2)))
                .as("the owner again")
                .isTrue();
        assertThat(trackers.trackers("lab", "h1").block(WAIT)).containsExactly("team-a-h1");
    }

    @Test
    void aClaimWhoseOperationWasNeverStoredLapsesAfterThePendingTime() {
        assertThat(claim("h2", "team-a", true, T0)).isTrue();
        assertThat(claim("h2", "team-b", true, T0.plus(HandleTrackers.PENDING).minusSeconds(1)))
                .isFalse();
        assertThat(claim("h2", "team-b", true, T0.plus(HandleTrackers.PENDING))).isTrue();
        assertThat(trackers.trackers("lab", "h2").block(WAIT))
                .as("the lapsed claim is dropped")
                .containsExactly("team-b-h2");
    }

    @Test
    void aForgottenTrackerFreesTheHandleAtOnce() {
        assertThat(claim("h3", "team-a", true, T0)).isTrue();
        trackers.forget("lab", "h3", "team-a-h3").block(WAIT);
        assertThat(trackers.trackers("lab", "h3").block(WAIT)).isEmpty();
        assertThat(claim("h3", "team-b", true, T0.plusSeconds(1))).isTrue();
    }

    @Test
    void onABackendThatSharesHandlesEveryTenantIsATracker() {
        assertThat(claim("h4", "team-a", false, T0)).isTrue();
        stored("team-a-h4");
        assertThat(claim("h4", "team-b", false, T0)).isTrue();
        assertThat(trackers.trackers("lab", "h4").block(WAIT)).containsExactlyInAnyOrder("team-a-h4", "team-b-h4");
        assertThat(trackers.claim("other", "h4", "team-c", "team-c-h4", true, T0)
                        .block(WAIT))
                .as("the same handle on another backend is another handle")
                .isTrue();
    }
}
