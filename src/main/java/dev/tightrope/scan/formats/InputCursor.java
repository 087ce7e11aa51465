package dev.tightrope.scan.formats;

import dev.tightrope.scan.ScanInput;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Little-endian reads over a {@link ScanInput} through one bounded window, so a parser can stream
 * through tens of megabytes of metadata with positioned reads and never holds more than the
 * window plus the values it asked for. Every length is checked against the bytes that remain
 * before anything is allocated.
 */
final class InputCursor {
    private static final int WINDOW = 64 * 1024;

    private final ScanInput input;
    private final long size;
    private final String truncatedRule;
    private final ByteBuffer window = ByteBuffer.allocate(WINDOW);
    private long windowStart;
    private int windowLength;
    private long position;

    /** {@code truncatedRule} is the rule id reported when a read runs past the end. */
    InputCursor(ScanInput input, String truncatedRule) {
        this.input = input;
        this.size = input.size();
        this.truncatedRule = truncatedRule;
    }

    long size() {
        return size;
    }

    long position() {
        return position;
    }

    long remaining() {
        return size - position;
    }

    void seek(long newPosition) throws FormatViolation {
        if (newPosition < 0 || newPosition > size) {
            throw truncated(newPosition, 0);
        }
        position = newPosition;
    }

    void skip(long count) throws FormatViolation {
        require(count);
        position += count;
    }

    /** Fails unless {@code count} more bytes exist. */
    void require(long count) throws FormatViolation {
        if (count < 0 || count > remaining()) {
            throw truncated(position, count);
        }
    }

    int u8() throws IOException, FormatViolation {
        require(1);
        fill(1);
        int v = window.get((int) (position - windowStart)) & 0xFF;
        position++;
        return v;
    }

    long u32() throws IOException, FormatViolation {
        require(4);
        fill(4);
        int at = (int) (position - windowStart);
        long v = 0;
        for (int i = 3; i >= 0; i--) {
            v = v << 8 | (window.get(at + i) & 0xFF);
        }
        position += 4;
        return v;
    }

    /** The raw 64 bits; callers that need an unsigned quantity check the sign themselves. */
    long u64() throws IOException, FormatViolation {
        require(8);
        fill(8);
        int at = (int) (position - windowStart);
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (window.get(at + i) & 0xFF);
        }
        position += 8;
        return v;
    }

    byte[] bytes(int count) throws IOException, FormatViolation {
        require(count);
        byte[] out = new byte[count];
        int done = 0;
        while (done < count) {
            int chunk = Math.min(count - done, WINDOW);
            fill(chunk);
            int at = (int) (position - windowStart);
            window.get(at, out, done, chunk);
            position += chunk;
            done += chunk;
        }
        return out;
    }

    /** Strict UTF-8; malformed sequences are a violation of {@code rule}. */
    String utf8(int count, String rule) throws IOException, FormatViolation {
        long at = position;
        byte[] raw = bytes(count);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new FormatViolation(rule, "string is not valid UTF-8", "", at);
        }
    }

    private void fill(int needed) throws IOException, FormatViolation {
        if (position >= windowStart && position + needed <= windowStart + windowLength) {
            return;
        }
        window.clear();
        windowStart = position;
        windowLength = 0;
        int want = (int) Math.min(WINDOW, size - position);
        while (windowLength < want) {
            window.limit(want);
            window.position(windowLength);
            int n = input.read(windowStart + windowLength, window);
            if (n < 0) {
                break;
            }
            windowLength += n;
        }
        if (windowLength < needed) {
            throw truncated(position, needed);
        }
    }

    private FormatViolation truncated(long at, long wanted) {
        return new FormatViolation(truncatedRule,
                "needs " + wanted + " bytes at offset " + at + " but the input ends at " + size,
                "size=" + size, at);
    }
}
