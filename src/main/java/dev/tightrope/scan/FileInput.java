package dev.tightrope.scan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Objects;

/** A {@link ScanInput} over an open file: positioned reads, no shared file pointer, so one channel serves all readers. */
public final class FileInput implements ScanInput {

    private final FileChannel channel;
    private final Path path;
    private final String name;
    private final long size;

    public FileInput(FileChannel channel, Path path, String name, long size) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.path = path;
        this.name = Objects.requireNonNull(name, "name");
        this.size = size;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(long position, ByteBuffer dst) throws IOException {
        if (position >= size) {
            return -1;
        }
        if (dst.remaining() > size - position) {
            ByteBuffer limited = dst.slice();
            limited.limit((int) (size - position));
            int n = channel.read(limited, position);
            if (n > 0) {
                dst.position(dst.position() + n);
            }
            return n;
        }
        return channel.read(dst, position);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Path path() {
        return path;
    }
}
