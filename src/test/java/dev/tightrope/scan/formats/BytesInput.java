package dev.tightrope.scan.formats;

import dev.tightrope.scan.ScanInput;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/** A container member held in memory: no path, as the engine hands nested content over. */
record BytesInput(String name, byte[] bytes) implements ScanInput {
    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public int read(long position, ByteBuffer dst) {
        if (position >= bytes.length) {
            return -1;
        }
        int n = (int) Math.min(dst.remaining(), bytes.length - position);
        dst.put(bytes, (int) position, n);
        return n;
    }

    @Override
    public Path path() {
        return null;
    }
}
