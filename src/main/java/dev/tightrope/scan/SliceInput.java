package dev.tightrope.scan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;

/** A window of another input (a stored zip member, the body of an .npy file), read in place without copying. */
public final class SliceInput implements ScanInput {

    private final ScanInput base;
    private final long start;
    private final long length;
    private final String name;

    public SliceInput(ScanInput base, long start, long length, String name) {
        this.base = Objects.requireNonNull(base, "base");
        if (start < 0 || length < 0 || start > base.size() - length) {
            throw new IllegalArgumentException("slice " + start + "+" + length + " outside " + base.size() + " bytes of " + base.name());
        }
        this.start = start;
        this.length = length;
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public long size() {
        return length;
    }

    @Override
    public int read(long position, ByteBuffer dst) throws IOException {
        if (position >= length) {
            return -1;
        }
        if (dst.remaining() > length - position) {
            ByteBuffer limited = dst.slice();
            limited.limit((int) (length - position));
            int n = base.read(start + position, limited);
            if (n > 0) {
                dst.position(dst.position() + n);
            }
            return n;
        }
        return base.read(start + position, dst);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public java.nio.file.Path path() {
        return null;
    }
}
