package dev.tightrope.scan;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;

/** A {@link ScanInput} over bytes in memory: inflated members, decompressed streams, test data. */
public final class ByteArrayInput implements ScanInput {

    private final String name;
    private final byte[] data;
    private final int offset;
    private final int length;

    public ByteArrayInput(String name, byte[] data) {
        this(name, data, 0, data.length);
    }

    public ByteArrayInput(String name, byte[] data, int offset, int length) {
        this.name = Objects.requireNonNull(name, "name");
        this.data = Objects.requireNonNull(data, "data");
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " outside " + data.length + " bytes");
        }
        this.offset = offset;
        this.length = length;
    }

    @Override
    public long size() {
        return length;
    }

    @Override
    public int read(long position, ByteBuffer dst) {
        if (position < 0) {
            throw new IllegalArgumentException("negative position " + position);
        }
        if (position >= length) {
            return -1;
        }
        int n = (int) Math.min(dst.remaining(), length - position);
        dst.put(data, offset + (int) position, n);
        return n;
    }

    @Override
    public byte[] readFully(long position, int count) {
        if (position < 0 || count < 0 || position > length - count) {
            throw new IllegalArgumentException(name + ": read of " + count + " bytes at " + position + " is past the end (" + length + ")");
        }
        byte[] out = new byte[count];
        System.arraycopy(data, offset + (int) position, out, 0, count);
        return out;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Path path() {
        return null;
    }
}
