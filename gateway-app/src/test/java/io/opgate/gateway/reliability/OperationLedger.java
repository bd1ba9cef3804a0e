package io.opgate.gateway.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * Every snapshot of every operation a fault test saw, from streams and from reads, and the rules they must obey
 * whatever fails: per source, a version never goes back, nothing changes after a terminal state, work never goes back
 * to the queue; across sources, one version is one state; {@code done} is true exactly for terminal states.
 */
final class OperationLedger {

    static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED", "LOST");

    /** One snapshot as seen. */
    record Seen(long version, String state, boolean done, String errorCode) {

        static Seen of(JsonNode op) {
            JsonNode error = op.get("error");
            return new Seen(
                    op.get("version").asLong(),
                    op.get("state").asString(),
                    op.get("done").asBoolean(),
                    error == null || error.isNull() ? null : error.get("code").asString());
        }

        boolean terminal() {
            return TERMINAL.contains(state);
        }
    }

    private final Map<String, Map<String, List<Seen>>> bySource = new ConcurrentHashMap<>();
    private final Map<String, String> stateOfVersion = new ConcurrentHashMap<>();
    private final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong snapshots = new AtomicLong();

    /** Records {@code op} (the operation JSON) as seen by {@code source}, e.g. {@code firehose} or {@code get}. */
    void record(String source, JsonNode op) {
        String id = op.get("id").asString();
        Seen seen = Seen.of(op);
        snapshots.incrementAndGet();
        if (seen.done() != seen.terminal()) {
            violations.add(id + " " + source + ": done=" + seen.done() + " with state " + seen.state());
        }
        String key = id + "@" + seen.version();
        String earlier = stateOfVersion.putIfAbsent(key, seen.state());
        if (earlier != null && !earlier.equals(seen.state())) {
            violations.add(id + ": version " + seen.version() + " is " + earlier + " and " + seen.state());
        }
        List<Seen> list = bySource.computeIfAbsent(source, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(id, i -> java.util.Collections.synchronizedList(new ArrayList<>()));
        synchronized (list) {
            if (!list.isEmpty()) {
                check(id, source, list.get(list.size() - 1), seen);
            }
            list.add(seen);
        }
    }

    private void check(String id, String source, Seen before, Seen after) {
        if (after.version() < before.version()) {
            violations.add(id + " " + source + ": version " + after.version() + " after " + before.version());
        }
        if (before.terminal()
                && (after.version() != before.version() || !after.state().equals(before.state()))) {
            violations.add(id + " " + source + ": " + after.state() + " v" + after.version() + " after terminal "
                    + before.state() + " v" + before.version());
        }
        boolean started = before.state().equals("RUNNING") || before.state().equals("PAUSED");
        if (started && (after.state().equals("QUEUED") || after.state().equals("UNKNOWN"))) {
            violations.add(id + " " + source + ": " + after.state() + " after " + before.state());
        }
    }

    /** Every broken rule, as sentences; empty when all held. */
    List<String> violations() {
        return List.copyOf(violations);
    }

    long snapshots() {
        return snapshots.get();
    }

    /** How many snapshots {@code source} saw of {@code id} in a terminal state. */
    long terminalEvents(String source, String id) {
        List<Seen> list = bySource.getOrDefault(source, Map.of()).getOrDefault(id, List.of());
        synchronized (list) {
            return list.stream().filter(Seen::terminal).count();
        }
    }

    /** The first terminal snapshot {@code source} saw of {@code id}, or null. */
    Seen terminal(String source, String id) {
        List<Seen> list = bySource.getOrDefault(source, Map.of()).getOrDefault(id, List.of());
        synchronized (list) {
            return list.stream().filter(Seen::terminal).findFirst().orElse(null);
        }
    }

    /** The states {@code source} saw of {@code id}, in order. */
    List<String> states(String source, String id) {
        List<Seen> list = bySource.getOrDefault(source, Map.of()).getOrDefault(id, List.of());
        synchronized (list) {
            return list.stream().map(Seen::state).toList();
        }
    }
}
