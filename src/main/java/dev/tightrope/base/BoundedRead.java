package dev.tightrope.base;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a stream from outside whole, but never more than a bound: an answer that would not end cannot fill the heap. */
public final class BoundedRead {
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() + (long) n > max) {
                throw new TooLargeException(max);
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
