package io.opgate.simulator;

/** Where a simulated operation stands; each vendor renders it in its own words. */
enum Stage {
    QUEUED,
    RUNNING,
    PAUSED,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    /** The backend no longer knows the handle. */
    VANISHED;

    boolean terminal() {
        return this != QUEUED && this != RUNNING && this != PAUSED;
    }
}
