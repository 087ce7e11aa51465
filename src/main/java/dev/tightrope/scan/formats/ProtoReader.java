package dev.tightrope.scan.formats;

import java.io.IOException;

/**
 * Protocol-buffer wire format over an {@link InputCursor}, one message at a time: a reader covers
 * the byte range {@code [start, end)} of one message, and {@link #message()} hands out a reader for
 * an embedded message without copying it. No schema and no generated code: callers match field
 * numbers themselves and skip everything else, so unknown fields cost nothing but a varint.
 */
final class ProtoReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LEN = 2;
    static final int FIXED32 = 5;

    private final InputCursor cursor;
    private final long end;
    private final String rule;
    private long position;
    private int field;
    private int wireType;
    private long tagOffset;

    private ProtoReader(InputCursor cursor, long start, long end, String rule) {
        this.cursor = cursor;
        this.position = start;
        this.end = end;
        this.rule = rule;
    }

    /** A reader over the whole input; {@code rule} names malformed-protobuf findings. */
    static ProtoReader of(InputCursor cursor, String rule) {
        return new ProtoReader(cursor, 0, cursor.size(), rule);
    }

    int field() {
        return field;
    }

    int wireType() {
        return wireType;
    }

    long tagOffset() {
        return tagOffset;
    }

    /** Advances to the next field; false at the end of this message. */
    boolean next() throws IOException, FormatViolation {
        if (position >= end) {
            return false;
        }
        tagOffset = position;
        long tag = varintAt();
        long number = tag >>> 3;
        wireType = (int) (tag & 7);
        if (number < 1 || number > 536_870_911L) {
            throw violation("field number " + number + " is out of range", tagOffset);
        }
        if (wireType != VARINT && wireType != FIXED64 && wireType != LEN && wireType != FIXED32) {
            throw violation("wire type " + wireType + " (groups or reserved) is not used by this format", tagOffset);
        }
        field = (int) number;
        return true;
    }

    long varint() throws IOException, FormatViolation {
        expect(VARINT);
        return varintAt();
    }

    /** An embedded message; this reader moves past it. */
    ProtoReader message() throws IOException, FormatViolation {
        long length = length();
        ProtoReader nested = new ProtoReader(cursor, position, position + length, rule);
        position += length;
        return nested;
    }

    /** A length-delimited UTF-8 value of at most {@code maxBytes}; longer values are a violation. */
    String string(int maxBytes) throws IOException, FormatViolation {
        long at = position;
        long length = length();
        if (length > maxBytes) {
            throw violation("string field " + field + " is " + length + " bytes, over the " + maxBytes + "-byte bound", at);
        }
        cursor.seek(position);
        String value = cursor.utf8((int) length, rule);
        position += length;
        return value;
    }

    /** Like {@link #string(int)}, but a longer value is skipped and null returned. */
    String stringUpTo(int maxBytes) throws IOException, FormatViolation {
        long at = position;
        long length = length();
        if (length > maxBytes) {
            position += length;
            return null;
        }
        position = at;
        return string(maxBytes);
    }

    /** The raw bytes of a length-delimited value of at most {@code maxBytes}; longer values are a violation. */
    byte[] bytes(int maxBytes) throws IOException, FormatViolation {
        long at = position;
        long length = length();
        if (length > maxBytes) {
            throw violation("field " + field + " is " + length + " bytes, over the " + maxBytes + "-byte bound", at);
        }
        cursor.seek(position);
        byte[] value = cursor.bytes((int) length);
        position += length;
        return value;
    }

    /** Skips the current field's value whatever its wire type. */
    void skip() throws IOException, FormatViolation {
        switch (wireType) {
            case VARINT -> varintAt();
            case FIXED64 -> advance(8);
            case FIXED32 -> advance(4);
            case LEN -> advance(length());
            default -> throw violation("cannot skip wire type " + wireType, tagOffset);
        }
    }

    FormatViolation violation(String message, long offset) {
        return new FormatViolation(rule, message, "field " + field, offset);
    }

    private long length() throws IOException, FormatViolation {
        expect(LEN);
        long at = position;
        long length = varintAt();
        if (length < 0 || length > end - position) {
            throw violation("length " + length + " of field " + field + " runs past the end of its message", at);
        }
        return length;
    }

    private void advance(long count) throws FormatViolation {
        requireInMessage(count);
        position += count;
    }

    private void requireInMessage(long count) throws FormatViolation {
        if (count > end - position) {
            throw violation("field " + field + " runs past the end of its message", position);
        }
    }

    private void expect(int type) throws FormatViolation {
        if (wireType != type) {
            throw violation("field " + field + " has wire type " + wireType + ", expected " + type, tagOffset);
        }
    }

    private long varintAt() throws IOException, FormatViolation {
        cursor.seek(position);
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= end) {
                throw violation("varint runs past the end of its message", position);
            }
            int b = cursor.u8();
            position++;
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw violation("varint longer than 10 bytes", position);
    }
}
