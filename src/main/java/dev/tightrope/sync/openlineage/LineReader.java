package dev.tightrope.sync.openlineage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Reads newline-terminated lines from a byte range of a file without ever holding more than
 * {@code maxLine} bytes of one line: a longer line is skipped to its end and flagged.
 */
final class LineReader {

    private final FileChannel channel;
    private final long end;
    private final int maxLine;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private long readPosition;
    private long position;
    private byte[] line = new byte[4096];
    private int length;
    private boolean tooLong;

    /** One line: its bytes are valid until the next call to {@link #next()}. */
    record Line(long start, long end, boolean terminated, boolean tooLong, byte[] bytes, int offset, int length) {
        boolean blank() {
            for (int i = offset; i < offset + length; i++) {
                byte b = bytes[i];
                if (b != ' ' && b != '\t' && b != '\r') {
                    return false;
                }
            }
            return true;
        }
    }

    LineReader(FileChannel channel, long start, long end, int maxLine) {
        this.channel = channel;
        this.readPosition = start;
        this.position = start;
        this.end = end;
        this.maxLine = maxLine;
        buffer.limit(0);
    }

    /** The next line, or null at the end of the range. */
    Line next() throws IOException {
        long start = position;
        length = 0;
        tooLong = false;
        while (true) {
            if (!buffer.hasRemaining() && !fill()) {
                return position == start ? null : finish(start, false);
            }
            byte[] array = buffer.array();
            int from = buffer.position();
            int limit = buffer.limit();
            int i = from;
            while (i < limit && array[i] != '\n') {
                i++;
            }
            append(array, from, i - from);
            if (i < limit) {
                buffer.position(i + 1);
                position += i - from + 1;
                return finish(start, true);
            }
            buffer.position(limit);
            position += limit - from;
        }
    }

    private boolean fill() throws IOException {
        long remaining = end - readPosition;
        if (remaining <= 0) {
            return false;
        }
        buffer.clear();
        buffer.limit((int) Math.min(buffer.capacity(), remaining));
        int n = channel.read(buffer, readPosition);
        buffer.flip();
        if (n <= 0) {
            return false;
        }
        readPosition += n;
        return true;
    }

    private void append(byte[] src, int from, int count) {
        if (tooLong || count == 0) {
            return;
        }
        if ((long) length + count > maxLine) {
            tooLong = true;
            return;
        }
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLine, Math.max(line.length * 2, length + count)));
        }
        System.arraycopy(src, from, line, length, count);
        length += count;
    }

    private Line finish(long start, boolean terminated) {
        int offset = 0;
        int len = length;
        if (start == 0 && len >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF) {
            offset = 3;
            len -= 3;
        }
        if (len > 0 && line[offset + len - 1] == '\r') {
            len--;
        }
        return new Line(start, position, terminated, tooLong, line, offset, len);
    }
}
