package io.opgate.adapter.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.opgate.contracts.model.OperationState;
import io.opgate.contracts.spi.BackendAdapter;
import io.opgate.contracts.spi.DiscoveredOperation;
import io.opgate.contracts.spi.DiscoveryOutcome;
import io.opgate.contracts.spi.DiscoveryRequest;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link BackendAdapter#discover}, inherited by the test of every adapter that declares the capability
 * (a test class extending {@link AdapterCompatibilityKit} that also implements this interface; the kit checks that
 * exactly the adapters declaring it do).
 *
 * <p>The rules: every listed job comes with its handle in the form a poll accepts, once, and with the state the
 * vendor's listing gives it; a listing that fails, times out or is garbage, on any page, fails the whole discovery
 * rather than giving a partial or empty list.
 */
public interface DiscoveryKit {

    /** The fake backend the kit scripts. */
    FakeHttpServer fakeBackend();

    /** The adapter under test, talking to {@link #fakeBackend()}. */
    BackendAdapter adapterUnderTest();

    /** The same adapter giving up on a request after {@link AdapterCompatibilityKit#SHORT_TIMEOUT}. */
    BackendAdapter impatientAdapter();

    /** The request the kit discovers with; its window must include the ended jobs of {@link #respondToListing}. */
    DiscoveryRequest discoveryRequest();

    /**
     * The vendor's real listing answer to {@code request}: jobs under way and ended ones, on at least two pages where
     * the vendor pages its listing, and ended jobs older than the request's window where the vendor filters on the
     * server side only if asked.
     */
    FakeResponse respondToListing(RecordedRequest request);

    /** What {@link #respondToListing} lists within the window, handle by handle. */
    Map<String, OperationState> expectedDiscovered();

    private DiscoveryOutcome discoverAnswering(java.util.function.Function<RecordedRequest, FakeResponse> script) {
        return discoverAnswering(adapterUnderTest(), script);
    }

    private DiscoveryOutcome discoverAnswering(
            BackendAdapter adapter, java.util.function.Function<RecordedRequest, FakeResponse> script) {
        fakeBackend().script(script);
        DiscoveryOutcome outcome =
                adapter.discover(discoveryRequest()).block(AdapterCompatibilityKit.REQUEST_TIMEOUT.multipliedBy(20));
        assertThat(outcome).as("a discovery always has an outcome").isNotNull();
        return outcome;
    }

    @Test
    default void discoveryIsDeclared() {
        assertThat(adapterUnderTest().capabilities().discover()).isTrue();
    }

    @Test
    default void discoveryListsEveryJobOnceWithItsState() {
        DiscoveryOutcome outcome = discoverAnswering(this::respondToListing);
        assertThat(outcome).isInstanceOf(DiscoveryOutcome.Listed.class);
        List<DiscoveredOperation> listed = ((DiscoveryOutcome.Listed) outcome).operations();
        Map<String, OperationState> states = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (DiscoveredOperation operation : listed) {
            assertThat(seen.add(operation.handle()))
                    .as("listed twice: %s", operation.handle())
                    .isTrue();
            assertThat(adapterUnderTest().validateHandle(operation.handle()))
                    .as("a poll accepts the listed handle %s", operation.handle())
                    .isEmpty();
            assertThat(operation.observed().raw()).isNotNull();
            states.put(operation.handle(), operation.observed().observation().state());
        }
        assertThat(states).isEqualTo(expectedDiscovered());
    }

    @Test
    default void discoveryOfAFailingBackendFails() {
        assertThat(discoverAnswering(request -> FakeResponse.json(500, "{\"error\": \"internal\"}")))
                .isInstanceOf(DiscoveryOutcome.Failed.class);
    }

    @Test
    default void discoveryOfGarbageFailsInsteadOfListingNothing() {
        for (FakeResponse body : FakeResponse.garbage()) {
            assertThat(discoverAnswering(request -> body))
                    .as("answer %s", body.body())
                    .isInstanceOf(DiscoveryOutcome.Failed.class);
        }
    }

    @Test
    default void discoveryThatTimesOutFails() {
        Duration late = AdapterCompatibilityKit.LATE;
        assertThat(discoverAnswering(
                        impatientAdapter(), request -> respondToListing(request).after(late)))
                .isInstanceOf(DiscoveryOutcome.Failed.class);
    }
}
