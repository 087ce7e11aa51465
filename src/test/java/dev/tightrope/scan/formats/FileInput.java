package dev.tightrope.scan.formats;

import dev.tightrope.scan.ScanInput;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A whole file read with positioned FileChannel reads, as the engine reads files. */
final class FileInput implements ScanInput, AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final long size;

    FileInput(Path path) throws IOException {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
        this.size = channel.size();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(long position, ByteBuffer dst) throws IOException {
        return channel.read(dst, position);
    }

    @Override
    public String name() {
        return path.getFileName().toString();
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
