package dev.tightrope.scan.container;

import dev.tightrope.scan.ByteArrayInput;
import dev.tightrope.scan.FileInput;
import dev.tightrope.scan.ScanInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Collects a decoded stream (inflated member, decompressed file) into memory, or into a temp
 * file past 64 MiB, stopping at a byte bound. The temp file is deleted on close.
 */
final class Spool implements AutoCloseable {

    static final int MEMORY_LIMIT = 64 << 20;

    private final ScanInput input;
    private final boolean hitBound;
    private final Path tempFile;
    private final FileChannel channel;
    private final IOException failure;

    private Spool(ScanInput input, boolean hitBound, Path tempFile, FileChannel channel, IOException failure) {
        this.input = input;
        this.hitBound = hitBound;
        this.tempFile = tempFile;
        this.channel = channel;
        this.failure = failure;
    }

    /** The collected bytes (a prefix when the stream failed or hit the bound). */
    ScanInput input() {
        return input;
    }

    /** More bytes were available than the bound allowed. */
    boolean hitBound() {
        return hitBound;
    }

    /** The stream's own read failure (corrupt data), or null when it ended cleanly. */
    IOException failure() {
        return failure;
    }

    /** Reads {@code in} to its end or to {@code maxBytes}, whichever comes first. */
    static Spool collect(InputStream in, String name, long maxBytes, Runnable checkpoint) throws IOException {
        byte[] chunk = new byte[256 * 1024];
        ByteArrayOutputStream mem = new ByteArrayOutputStream();
        OutputStream out = mem;
        Path temp = null;
        long total = 0;
        boolean bound = false;
        IOException failure = null;
        try {
            while (true) {
                checkpoint.run();
                int want = (int) Math.min(chunk.length, maxBytes + 1 - total);
                if (want <= 0) {
                    bound = true;
                    break;
                }
                int n;
                try {
                    n = in.read(chunk, 0, want);
                } catch (IOException e) {
                    failure = e;
                    break;
                } catch (RuntimeException e) {
                    failure = new IOException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
                    break;
                }
                if (n < 0) {
                    break;
                }
                if (total + n > maxBytes) {
                    n = (int) (maxBytes - total);
                    bound = true;
                }
                if (temp == null && total + n > MEMORY_LIMIT) {
                    temp = Files.createTempFile("tightrope-scan-", ".bin");
                    temp.toFile().deleteOnExit();
                    OutputStream fileOut = Files.newOutputStream(temp);
                    mem.writeTo(fileOut);
                    mem = null;
                    out = fileOut;
                }
                out.write(chunk, 0, n);
                total += n;
                if (bound) {
                    break;
                }
            }
        } finally {
            if (temp != null) {
                out.close();
            }
        }
        if (temp == null) {
            byte[] data = mem.toByteArray();
            return new Spool(new ByteArrayInput(name, data), bound, null, null, failure);
        }
        FileChannel ch = FileChannel.open(temp, StandardOpenOption.READ);
        return new Spool(new FileInput(ch, null, name, ch.size()), bound, temp, ch, failure);
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
        if (tempFile != null) {
            Files.deleteIfExists(tempFile);
        }
    }
}
