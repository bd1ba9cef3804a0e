package io.opgate.gateway.store.redis;

import org.jspecify.annotations.Nullable;

/** A Redis stream entry id, {@code <millis>-<sequence>}, ordered as Redis orders them. */
record StreamId(long millis, long sequence) implements Comparable<StreamId> {

    static final StreamId ORIGIN = new StreamId(0, 0);

    /** The id, or null when {@code text} is not one. */
    static @Nullable StreamId parse(@Nullable String text) {
        if (text == null) {
            return null;
        }
        int dash = text.indexOf('-');
        if (dash < 1 || dash == text.length() - 1 || text.length() > 41) {
            return null;
        }
        try {
            long millis = Long.parseUnsignedLong(text.substring(0, dash));
            long sequence = Long.parseUnsignedLong(text.substring(dash + 1));
            return new StreamId(millis, sequence);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public int compareTo(StreamId other) {
        int byMillis = Long.compareUnsigned(millis, other.millis);
        return byMillis != 0 ? byMillis : Long.compareUnsigned(sequence, other.sequence);
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(millis) + "-" + Long.toUnsignedString(sequence);
    }
}
