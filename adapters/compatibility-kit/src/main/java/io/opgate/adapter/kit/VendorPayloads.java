package io.opgate.adapter.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.spi.Observation;
import io.opgate.contracts.spi.PollOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;

/**
 * The vendor's real answers that an adapter's tests keep in one folder of their class path, and the check of what its
 * mapper makes of one.
 */
public final class VendorPayloads {

    private final String folder;

    private VendorPayloads(String folder) {
        this.folder = folder;
    }

    /** The answers in {@code /<folder>/} on the class path. */
    public static VendorPayloads in(String folder) {
        return new VendorPayloads(folder);
    }

    /** The text of the answer {@code name}; fails the test when there is none. */
    public String text(String name) {
        String path = "/" + folder + "/" + name;
        try (InputStream in = VendorPayloads.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The observation a mapper made of {@code answer}; fails unless it observed one and kept the answer as raw. */
    public static Observation observed(PollOutcome outcome, JsonNode answer) {
        assertThat(outcome).isInstanceOf(PollOutcome.Observed.class);
        assertThat(((PollOutcome.Observed) outcome).raw()).isEqualTo(answer);
        return ((PollOutcome.Observed) outcome).observation();
    }
}
