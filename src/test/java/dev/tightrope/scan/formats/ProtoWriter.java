package dev.tightrope.scan.formats;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Protocol-buffer wire-format writer for ONNX and SavedModel fixtures (no generated code). */
final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ProtoWriter varint(int field, long value) {
        tag(field, 0);
        raw(value);
        return this;
    }

    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter bytes(int field, byte[] value) {
        tag(field, 2);
        raw(value.length);
        out.writeBytes(value);
        return this;
    }

    ProtoWriter message(int field, ProtoWriter nested) {
        return bytes(field, nested.build());
    }

    /** A length prefix that claims {@code claimed} bytes while only {@code actual} follow. */
    ProtoWriter lyingLength(int field, long claimed, byte[] actual) {
        tag(field, 2);
        raw(claimed);
        out.writeBytes(actual);
        return this;
    }

    byte[] build() {
        return out.toByteArray();
    }

    private void tag(int field, int wire) {
        raw((long) field << 3 | wire);
    }

    private void raw(long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    static ProtoWriter proto() {
        return new ProtoWriter();
    }
}
