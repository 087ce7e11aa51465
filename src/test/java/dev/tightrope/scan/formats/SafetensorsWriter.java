package dev.tightrope.scan.formats;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds safetensors files byte by byte from the format description; the header text is written
 * verbatim so tests can break any rule (duplicate keys, odd padding, bad offsets).
 */
public final class SafetensorsWriter {
    private final List<String> entries = new ArrayList<>();
    private long nextOffset;
    private int dataLength;
    private byte[] trailing = new byte[0];

    /** A tensor with consistent offsets, placed after the previous one. */
    public SafetensorsWriter tensor(String name, String dtype, long[] shape, int bytes) {
        entries.add(entry(name, dtype, shape, nextOffset, nextOffset + bytes));
        nextOffset += bytes;
        dataLength += bytes;
        return this;
    }

    /** A tensor entry with explicit offsets; {@code dataBytes} more bytes of data are appended. */
    public SafetensorsWriter raw(String name, String dtype, long[] shape, long begin, long end, int dataBytes) {
        entries.add(entry(name, dtype, shape, begin, end));
        dataLength += dataBytes;
        return this;
    }

    /** Verbatim JSON member text, e.g. {@code "__metadata__":{"format":"pt"}}. */
    public SafetensorsWriter member(String json) {
        entries.add(json);
        return this;
    }

    public SafetensorsWriter trailing(byte[] bytes) {
        trailing = bytes;
        return this;
    }

    public byte[] build() {
        return build("{" + String.join(",", entries) + "}", true);
    }

    /** The given header text, space-padded to a multiple of 8 when {@code pad}. */
    public byte[] build(String header, boolean pad) {
        byte[] text = header.getBytes(StandardCharsets.UTF_8);
        int padding = pad ? (8 - text.length % 8) % 8 : 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(text.length + padding).array());
        out.writeBytes(text);
        out.writeBytes(" ".repeat(padding).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[dataLength]);
        out.writeBytes(trailing);
        return out.toByteArray();
    }

    private static String entry(String name, String dtype, long[] shape, long begin, long end) {
        StringBuilder s = new StringBuilder();
        s.append('"').append(name).append("\":{\"dtype\":\"").append(dtype).append("\",\"shape\":[");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ",").append(Long.toUnsignedString(shape[i]));
        }
        return s.append("],\"data_offsets\":[").append(begin).append(',').append(end).append("]}").toString();
    }
}
