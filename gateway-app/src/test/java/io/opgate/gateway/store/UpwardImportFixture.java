package io.opgate.gateway.store;

import io.opgate.gateway.tracking.PollIntervals;

/** Imports upward on purpose, for {@code ArchitectureTest.anUpwardImportIsNamed}; never used. */
public final class UpwardImportFixture {

    PollIntervals engineSettings;

    private UpwardImportFixture() {}
}
