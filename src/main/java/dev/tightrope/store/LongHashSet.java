package dev.tightrope.store;

/** Open-addressing set of longs: a million keys in 16 MB instead of 60 MB of boxed Longs. */
final class LongHashSet {
    private static final long EMPTY = 0L;
    private long[] slots = new long[1 << 12];
    private boolean containsZero;
    private int size;

    boolean add(long value) {
        if (value == EMPTY) {
            boolean added = !containsZero;
            containsZero = true;
            size += added ? 1 : 0;
            return added;
        }
        if ((size + 1) * 2L > slots.length) {
            grow();
        }
        return insert(slots, value);
    }

    boolean contains(long value) {
        if (value == EMPTY) {
            return containsZero;
        }
        int mask = slots.length - 1;
        int i = mix(value) & mask;
        while (true) {
            long v = slots[i];
            if (v == EMPTY) {
                return false;
            }
            if (v == value) {
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    int size() {
        return size;
    }

    long[] toArray() {
        long[] out = new long[size];
        int n = 0;
        if (containsZero) {
            out[n++] = EMPTY;
        }
        for (long v : slots) {
            if (v != EMPTY) {
                out[n++] = v;
            }
        }
        return out;
    }

    private boolean insert(long[] table, long value) {
        int mask = table.length - 1;
        int i = mix(value) & mask;
        while (true) {
            long v = table[i];
            if (v == EMPTY) {
                table[i] = value;
                if (table == slots) {
                    size++;
                }
                return true;
            }
            if (v == value) {
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    private void grow() {
        long[] old = slots;
        long[] bigger = new long[old.length * 2];
        for (long v : old) {
            if (v != EMPTY) {
                int mask = bigger.length - 1;
                int i = mix(v) & mask;
                while (bigger[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                bigger[i] = v;
            }
        }
        slots = bigger;
    }

    private static int mix(long v) {
        long h = v * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
