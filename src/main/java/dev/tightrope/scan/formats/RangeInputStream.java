package dev.tightrope.scan.formats;

import dev.tightrope.scan.ScanInput;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/** A byte range of a {@link ScanInput} as a stream, for parsers (Jackson) that want one. */
final class RangeInputStream extends InputStream {
    private final ScanInput input;
    private final long end;
    private long position;

    RangeInputStream(ScanInput input, long start, long end) {
        this.input = input;
        this.position = start;
        this.end = end;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position >= end) {
            return -1;
        }
        int want = (int) Math.min(len, end - position);
        int n = input.read(position, ByteBuffer.wrap(b, off, want));
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public long skip(long n) {
        long step = Math.max(0, Math.min(n, end - position));
        position += step;
        return step;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, end - position);
    }
}
