package dev.tightrope.scan;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Bytes under analysis: a file, or a member of a container. Analyzers use positioned reads so
 * they only touch the structure they check; the engine hashes the whole file separately.
 */
public interface ScanInput {

    long size();

    /** Reads up to {@code dst.remaining()} bytes at {@code position}; returns -1 at the end. */
    int read(long position, ByteBuffer dst) throws IOException;

    /** Name for messages: the file name or the member path. */
    String name();

    /** The file on disk when this input is a whole file, else null. */
    Path path();

    /** Reads exactly {@code length} bytes; the caller has already checked {@code length} against {@link #size()}. */
    default byte[] readFully(long position, int length) throws IOException {
        if (position < 0 || length < 0 || position > size() - length) {
            throw new EOFException(name() + ": read of " + length + " bytes at " + position + " is past the end (" + size() + ")");
        }
        ByteBuffer buf = ByteBuffer.allocate(length);
        long pos = position;
        while (buf.hasRemaining()) {
            int n = read(pos, buf);
            if (n < 0) {
                throw new EOFException(name() + ": unexpected end at " + pos);
            }
            pos += n;
        }
        return buf.array();
    }
}
