package dev.tightrope.base;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reads a stream from outside whole, but never more than a bound: an answer that would not end cannot fill the heap. */
public final class BoundedRead {
    private static final int CHUNK = 8 * 1024;

    private BoundedRead() {
    }

    /** Thrown when the stream holds more than the bound; nothing beyond it was kept. */
    public static final class TooLargeException extends IOException {
        public TooLargeException(long max) {
            super("more than the " + max + " bytes allowed");
        }
    }

    /** All of {@code in}, or {@link TooLargeException} as soon as it passes {@code max} bytes. */
    public static byte[] readAtMost(InputStream in, long max) throws IOException {
        return readAtMost(in, max, -1);
    }

    /**
     * As {@link #readAtMost(InputStream, long)}, with the length the sender declared (an HTTP
     * {@code Content-Length}; -1 when unknown) as a hint: a declared length within the bound is
     * read into one array of that size, so the many small answers of a sync cost one allocation
     * each. The declaration is not trusted: a stream that is longer is still read to the bound
     * and refused past it, a shorter one is returned as it is.
     */
    public static byte[] readAtMost(InputStream in, long max, long declared) throws IOException {
        ByteArrayOutputStream out;
        if (declared >= 0 && declared <= max && declared <= Integer.MAX_VALUE - 16) {
            byte[] exact = new byte[(int) declared];
            int off = 0;
            while (off < exact.length) {
                int n = in.read(exact, off, exact.length - off);
                if (n < 0) {
                    return Arrays.copyOf(exact, off);
                }
                off += n;
            }
            int next = in.read();
            if (next < 0) {
                return exact;
            }
            if (exact.length + 1L > max) {
                throw new TooLargeException(max);
            }
            out = new ByteArrayOutputStream(exact.length + CHUNK);
            out.write(exact);
            out.write(next);
        } else {
            out = new ByteArrayOutputStream(CHUNK);
        }
        byte[] buf = new byte[CHUNK];
        int n;
        while ((n = in.read(buf)) >= 0) {
            if (out.size() + (long) n > max) {
                throw new TooLargeException(max);
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
