package dev.tightrope.scan.formats;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the top-level fields of a protobuf message from the leading bytes of a file, for
 * recognition: which field numbers and wire types come first, and where their payloads start. A
 * field whose payload extends past the bytes at hand ends the listing; it never fails.
 */
final class ProtoSniff {
    record Field(int number, int wireType, long value, int payloadStart, long payloadLength) {
    }

    private ProtoSniff() {
    }

    static List<Field> fields(byte[] head, int from, int to, int max) {
        List<Field> out = new ArrayList<>();
        int[] pos = {from};
        while (pos[0] < to && out.size() < max) {
            long tag = varint(head, pos, to);
            if (tag < 0) {
                break;
            }
            int number = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (number == 0) {
                break;
            }
            switch (wire) {
                case ProtoReader.VARINT -> {
                    long v = varint(head, pos, to);
                    if (v == Long.MIN_VALUE) {
                        return out;
                    }
                    out.add(new Field(number, wire, v, -1, 0));
                }
                case ProtoReader.LEN -> {
                    long length = varint(head, pos, to);
                    if (length < 0) {
                        return out;
                    }
                    out.add(new Field(number, wire, 0, pos[0], length));
                    if (length > to - pos[0]) {
                        return out;
                    }
                    pos[0] += (int) length;
                }
                case ProtoReader.FIXED64 -> {
                    out.add(new Field(number, wire, 0, pos[0], 8));
                    pos[0] += 8;
                }
                case ProtoReader.FIXED32 -> {
                    out.add(new Field(number, wire, 0, pos[0], 4));
                    pos[0] += 4;
                }
                default -> {
                    out.add(new Field(number, wire, 0, -1, 0));
                    return out;
                }
            }
        }
        return out;
    }

    /** -1 (or Long.MIN_VALUE for a value varint) when the bytes end first or the varint is too long. */
    private static long varint(byte[] b, int[] pos, int to) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= to) {
                return shift == 0 ? -1 : Long.MIN_VALUE;
            }
            int v = b[pos[0]++] & 0xFF;
            result |= (long) (v & 0x7F) << shift;
            if ((v & 0x80) == 0) {
                return result;
            }
        }
        return Long.MIN_VALUE;
    }

    /** SavedModel: schema version 1 (optional) then a MetaGraphDef whose payload starts with a MetaGraphDef field tag. */
    static boolean looksLikeSavedModel(byte[] head, int length) {
        List<Field> top = fields(head, 0, length, 2);
        int i = 0;
        if (!top.isEmpty() && top.get(0).number() == 1 && top.get(0).wireType() == ProtoReader.VARINT) {
            if (top.get(0).value() != 1) {
                return false;
            }
            i = 1;
        }
        if (top.size() <= i) {
            return false;
        }
        Field meta = top.get(i);
        if (meta.number() != 2 || meta.wireType() != ProtoReader.LEN || meta.payloadLength() < 2
                || meta.payloadStart() >= length) {
            return false;
        }
        int first = head[meta.payloadStart()] & 0xFF;
        return (first >>> 3) >= 1 && (first >>> 3) <= 9 && (first & 7) == ProtoReader.LEN;
    }

    /** Whether {@code needle} (ASCII) occurs in the first {@code length} bytes. */
    static boolean containsAscii(byte[] head, int length, String needle) {
        byte[] n = needle.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + n.length <= length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (head[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
