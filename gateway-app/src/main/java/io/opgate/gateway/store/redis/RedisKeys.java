package io.opgate.gateway.store.redis;

import io.opgate.contracts.model.OperationState;
import java.time.Instant;

/**
 * The key layout. Every key starts with the hash tag {@code {prefix}}, so that all of them live in one Redis Cluster
 * slot and each script may touch any of them atomically; the prefix also lets several gateways share one Redis.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><td>{@code {p}:op:<id>}</td><td>hash: {@code rev} (compare-and-set token), {@code doc} (the operation as
 *       JSON), {@code backend}, {@code labels} (JSON), {@code member} (its current index entry)</td></tr>
 *   <tr><td>{@code {p}:hist:<id>}</td><td>list: the operation's history entries as JSON, oldest first, trimmed to
 *       the newest {@code opgate.history.max-entries}</td></tr>
 *   <tr><td>{@code {p}:cnt:<scope>}</td><td>hash: {@code <STATE>:<backend>} → number of operations of a
 *       {@link io.opgate.gateway.store.CountScope}; a field goes when it reaches zero, and the hash with its last
 *       field</td></tr>
 *   <tr><td>{@code {p}:idx:<STATE>}</td><td>sorted set of index members of every tenant's operations in the state;
 *       all scores 0, ordered by member: newest {@code updatedAt} first, then by id</td></tr>
 *   <tr><td>{@code {p}:idx:<STATE>:<tenant>}</td><td>the same for one tenant</td></tr>
 *   <tr><td>{@code {p}:active}</td><td>hash: backend → number of operations that are not done</td></tr>
 *   <tr><td>{@code {p}:expiry}</td><td>sorted set: id scored by when the done operation is forgotten
 *       (millis)</td></tr>
 *   <tr><td>{@code {p}:feed}</td><td>stream of changes, capped near {@code opgate.events.retained-changes}:
 *       fields {@code t} (tenant), {@code r} (1 for a removal), {@code o} (the operation without its raw
 *       payload)</td></tr>
 *   <tr><td>{@code {p}:due}</td><td>sorted set: id scored by when its next poll is due, or by when its lease ends
 *       while claimed (millis)</td></tr>
 *   <tr><td>{@code {p}:leases}</td><td>hash: id → when the current claim's lease ends (millis)</td></tr>
 *   <tr><td>{@code {p}:watched}</td><td>sorted set: id scored by until when someone watches it (millis),
 *       refreshed by the replica that holds the watcher</td></tr>
 *   <tr><td>{@code {p}:trk:<backend length>:<backend>:<handle>}</td><td>hash: id of each operation that tracks
 *       the handle → {@code <claimed at millis>|<tenant>} ({@link RedisHandleTrackers})</td></tr>
 *   <tr><td>{@code {p}:discovery:<backend>}</td><td>string: the replica that lists the backend's jobs this
 *       interval; expires with the interval</td></tr>
 *   <tr><td>{@code {p}:quota:<kind>:<tenant>}</td><td>hash: replica → how many streams or long-polls
 *       ({@code kind}) of the tenant it holds; fields of replicas whose lease ended are dropped when counted</td></tr>
 *   <tr><td>{@code {p}:quota-replicas}</td><td>sorted set: replica scored by when its quota lease ends (Redis
 *       time, millis), renewed while it lives</td></tr>
 *   <tr><td>{@code {p}:quota:registrations:<tenant>}</td><td>Bucket4j's state of the tenant's registration bucket;
 *       expires once the bucket would be full again</td></tr>
 * </table>
 *
 * <p>An index member is 16 hex digits of {@code Long.MAX_VALUE - updatedAt millis}, a colon and the id, so that byte
 * order is newest first and a page continues after any member with one range lookup.
 */
public final class RedisKeys {

    static final int MEMBER_ID_OFFSET = 17;

    private final String prefix;

    /** Keys under the hash tag {@code {tag}}; the tag must not contain braces. */
    public RedisKeys(String tag) {
        if (tag.isEmpty() || tag.contains("{") || tag.contains("}")) {
            throw new IllegalArgumentException("the key prefix must be non-empty and without braces");
        }
        this.prefix = "{" + tag + "}:";
    }

    String operation(String id) {
        return prefix + "op:" + id;
    }

    String history(String id) {
        return prefix + "hist:" + id;
    }

    String counts(io.opgate.gateway.store.CountScope scope) {
        return prefix + "cnt:" + scope.key();
    }

    /** The field of a count hash for operations of {@code backend} in {@code state}. */
    static String countField(OperationState state, String backend) {
        return state.name() + ":" + backend;
    }

    String operationPrefix() {
        return prefix + "op:";
    }

    String index(OperationState state) {
        return prefix + "idx:" + state.name();
    }

    String index(OperationState state, String tenant) {
        return prefix + "idx:" + state.name() + ":" + tenant;
    }

    String active() {
        return prefix + "active";
    }

    String expiry() {
        return prefix + "expiry";
    }

    String feed() {
        return prefix + "feed";
    }

    String due() {
        return prefix + "due";
    }

    String leases() {
        return prefix + "leases";
    }

    String watched() {
        return prefix + "watched";
    }

    /** The index member of an operation last updated at {@code updatedAt}. */
    static String member(Instant updatedAt, String id) {
        long millis = Math.max(0, updatedAt.toEpochMilli());
        return String.format("%016x", Long.MAX_VALUE - millis) + ":" + id;
    }

    /** The {@code updatedAt} millis encoded in a member. */
    static long millisOf(String member) {
        return Long.MAX_VALUE - Long.parseUnsignedLong(member.substring(0, 16), 16);
    }

    static String idOf(String member) {
        return member.substring(MEMBER_ID_OFFSET);
    }

    /** The hash of replica → units of one {@code kind} of request (streams, long-polls) that {@code tenant} holds. */
    String quota(String kind, String tenant) {
        return prefix + "quota:" + kind + ":" + tenant;
    }

    /** The sorted set of replicas holding quota units, scored by when their lease ends (Redis time, millis). */
    String quotaReplicas() {
        return prefix + "quota-replicas";
    }

    /** The Bucket4j bucket of {@code tenant}'s registrations. */
    String registrations(String tenant) {
        return prefix + "quota:registrations:" + tenant;
    }

    String discoveryLease(String backend) {
        return prefix + "discovery:" + backend;
    }

    /** The trackers of one handle; {@code handleKey} is {@link io.opgate.gateway.store.HandleTrackers#key}. */
    String handleTrackers(String handleKey) {
        return prefix + "trk:" + handleKey;
    }
}
