package io.opgate.gateway.store;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/** A feed that answers as {@code feed} does; a test overrides the one answer it changes. */
public class ForwardingChangeFeed implements ChangeFeed {

    private final ChangeFeed feed;

    public ForwardingChangeFeed(ChangeFeed feed) {
        this.feed = feed;
    }

    @Override
    public Flux<Change> readAfter(String cursor) {
        return feed.readAfter(cursor);
    }

    @Override
    public @Nullable String head() {
        return feed.head();
    }

    @Override
    public String origin() {
        return feed.origin();
    }

    @Override
    public int compare(String a, String b) {
        return feed.compare(a, b);
    }

    @Override
    public Flux<Change> live() {
        return feed.live();
    }
}
