package dev.tightrope.scan.pickle;

import dev.tightrope.scan.ScanLimitException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The unpickler's memo in one tagged {@code long} per entry. Plain values live in the word itself
 * (a string as the offset and length of its bytes in the input, an int as its value, everything
 * else as its tag alone), so a plain-data pickle with tens of millions of memo entries holds no
 * object per entry. Values that carry an object (imports, the calls and containers the scan keeps)
 * are boxed in a side list the word points into.
 *
 * <p>Keys below 2^32 (every key BINPUT, LONG_BINPUT and MEMOIZE can write) sit in pages of 4096
 * words allocated as keys reach them; the bound is on the memory that takes, pages and boxes
 * included, so scattered keys reach it sooner rather than multiplying it.
 */
final class PickleMemo {

    /** The tag of a word whose value is boxed; no value tag uses it. */
    private static final byte BOXED = 31;
    private static final int TAG_SHIFT = 59;
    private static final long PAYLOAD = (1L << TAG_SHIFT) - 1;
    private static final int OFFSET_BITS = 38;
    private static final long OFFSET_MASK = (1L << OFFSET_BITS) - 1;
    private static final long LENGTH_LIMIT = 1L << (TAG_SHIFT - OFFSET_BITS);
    private static final int PAGE_BITS = 12;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final long PAGE_BYTES = PAGE_SIZE * 8L;
    private static final long PAGED_KEYS = 1L << 32;
    /** What a HashMap entry with a boxed Long key and value costs. */
    private static final long FAR_ENTRY_BYTES = 64;
    /** A Value and the reference to it; what the value points to is bounded by the capture budgets. */
    private static final long BOX_BYTES = 48;

    private final long maxBytes;
    private long[][] pages = new long[16][];
    private Map<Long, Long> farKeys;
    private final List<PickleMachine.Value> boxes = new ArrayList<>();
    private long bytes;
    private long size;

    PickleMemo(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Distinct keys stored: the key MEMOIZE writes next, as {@code len(memo)} is for the unpickler. */
    long size() {
        return size;
    }

    /** The memory the memo holds, as charged against the bound. */
    long bytes() {
        return bytes;
    }

    /** Entries whose value needed an object. */
    int boxedValues() {
        return boxes.size();
    }

    void clear() {
        long[] first = pages[0];
        pages = new long[16][];
        if (first != null) {
            Arrays.fill(first, 0);
            pages[0] = first;
        }
        bytes = first == null ? 0 : PAGE_BYTES;
        farKeys = null;
        boxes.clear();
        size = 0;
    }

    /** Stores a value under {@code key}, replacing what was there. */
    void put(long key, byte tag, long a, long b, Object obj) {
        long w = inline(tag, a, b, obj);
        long old;
        if (key >= 0 && key < PAGED_KEYS) {
            long[] page = pageOf(key);
            int slot = (int) (key & (PAGE_SIZE - 1));
            old = page[slot];
            page[slot] = w != 0 ? w : box(old, tag, a, b, obj);
        } else {
            if (farKeys == null) {
                farKeys = new HashMap<>();
            }
            Long previous = farKeys.get(key);
            old = previous == null ? 0 : previous;
            if (old == 0) {
                charge(FAR_ENTRY_BYTES);
            }
            farKeys.put(key, w != 0 ? w : box(old, tag, a, b, obj));
        }
        if (old == 0) {
            size++;
        }
    }

    private long[] pageOf(long key) {
        int index = (int) (key >>> PAGE_BITS);
        if (index >= pages.length) {
            // at most 2^20 references, for keys up to 2^32
            pages = Arrays.copyOf(pages, (int) Math.min(PAGED_KEYS >>> PAGE_BITS, Math.max(index + 1L, pages.length * 2L)));
        }
        long[] page = pages[index];
        if (page == null) {
            charge(PAGE_BYTES);
            page = new long[PAGE_SIZE];
            pages[index] = page;
        }
        return page;
    }

    /** The word for a boxed value, reusing the box of the value it replaces. */
    private long box(long old, byte tag, long a, long b, Object obj) {
        PickleMachine.Value v = new PickleMachine.Value(tag, a, b, obj);
        if (tagOf(old) == BOXED) {
            boxes.set((int) (old & PAYLOAD), v);
            return old;
        }
        charge(BOX_BYTES);
        boxes.add(v);
        return ((long) BOXED << TAG_SHIFT) | (boxes.size() - 1);
    }

    /** The word stored under {@code key}, or 0 when there is none. */
    long word(long key) {
        if (key >= 0 && key < PAGED_KEYS) {
            int page = (int) (key >>> PAGE_BITS);
            if (page >= pages.length || pages[page] == null) {
                return 0;
            }
            return pages[page][(int) (key & (PAGE_SIZE - 1))];
        }
        Long w = farKeys == null ? null : farKeys.get(key);
        return w == null ? 0 : w;
    }

    /** The boxed value a word points to, or null when the value is in the word itself. */
    PickleMachine.Value boxed(long w) {
        return tagOf(w) == BOXED ? boxes.get((int) (w & PAYLOAD)) : null;
    }

    static byte tagOf(long w) {
        return (byte) (w >>> TAG_SHIFT);
    }

    /** The first component of an unboxed word's value: a string's offset, an int's or bool's value. */
    static long aOf(long w) {
        byte tag = tagOf(w);
        if (isString(tag)) {
            return w & OFFSET_MASK;
        }
        if (tag == PickleMachine.INT || tag == PickleMachine.BOOL) {
            return (w << (64 - TAG_SHIFT)) >> (64 - TAG_SHIFT);
        }
        return 0;
    }

    /** The second component of an unboxed word's value: a string's length. */
    static long bOf(long w) {
        return isString(tagOf(w)) ? (w & PAYLOAD) >>> OFFSET_BITS : 0;
    }

    /**
     * The word for a value that needs no object, or 0 when it must be boxed. Containers and calls
     * without an object are opaque (their contents were not kept): only the tag is stored, so a
     * container fetched from the memo is never mistaken for an empty one.
     */
    private static long inline(byte tag, long a, long b, Object obj) {
        long head = (long) tag << TAG_SHIFT;
        if (obj != null) {
            return 0;
        }
        if (isString(tag)) {
            return a >= 0 && a <= OFFSET_MASK && b >= 0 && b < LENGTH_LIMIT ? head | (b << OFFSET_BITS) | a : 0;
        }
        if (tag == PickleMachine.INT || tag == PickleMachine.BOOL) {
            long signedLimit = 1L << (TAG_SHIFT - 1);
            return a >= -signedLimit && a < signedLimit ? head | (a & PAYLOAD) : 0;
        }
        return head;
    }

    private static boolean isString(byte tag) {
        return tag >= PickleMachine.STR_UTF8 && tag <= PickleMachine.STR_BIN;
    }

    private void charge(long n) {
        bytes += n;
        if (bytes > maxBytes) {
            throw new ScanLimitException("pickle memo larger than " + (maxBytes >> 20) + " MiB (" + size + " entries)");
        }
    }
}
