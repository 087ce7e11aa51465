package dev.tightrope.scan.formats;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds GGUF files from the spec (ggml docs/gguf.md). Counts, lengths and offsets default to the
 * true values and can be overridden to break the rules the analyzer checks.
 */
public final class GgufWriter {
    static final int UINT8 = 0, INT8 = 1, UINT16 = 2, INT16 = 3, UINT32 = 4, INT32 = 5, FLOAT32 = 6, BOOL = 7,
            STRING = 8, ARRAY = 9, UINT64 = 10, INT64 = 11, FLOAT64 = 12;

    private final ByteArrayOutputStream kv = new ByteArrayOutputStream();
    private final ByteArrayOutputStream infos = new ByteArrayOutputStream();
    private final List<byte[]> data = new ArrayList<>();
    private int kvCount;
    private int tensorCount;
    private long version = 3;
    private Long kvCountOverride;
    private Long tensorCountOverride;
    private long alignment = 32;
    private long nextOffset;

    public GgufWriter version(long v) {
        version = v;
        return this;
    }

    public GgufWriter kvCount(long count) {
        kvCountOverride = count;
        return this;
    }

    public GgufWriter tensorCount(long count) {
        tensorCountOverride = count;
        return this;
    }

    public GgufWriter string(String key, String value) {
        key(key, STRING);
        str(kv, value);
        return this;
    }

    public GgufWriter u32(String key, long value) {
        key(key, UINT32);
        kv.writeBytes(le(4, value));
        return this;
    }

    public GgufWriter bool(String key, int raw) {
        key(key, BOOL);
        kv.write(raw);
        return this;
    }

    /** An entry with an arbitrary type id and raw value bytes. */
    public GgufWriter rawValue(String key, long type, byte[] value) {
        key(key, type);
        kv.writeBytes(value);
        return this;
    }

    public GgufWriter alignment(long value) {
        alignment = value;
        return u32("general.alignment", value);
    }

    public GgufWriter stringArray(String key, String... values) {
        key(key, ARRAY);
        kv.writeBytes(le(4, STRING));
        kv.writeBytes(le(8, values.length));
        for (String v : values) {
            str(kv, v);
        }
        return this;
    }

    /** An array header claiming {@code count} elements of {@code elementType}, followed by {@code body}. */
    public GgufWriter arrayHeader(String key, long elementType, long count, byte[] body) {
        key(key, ARRAY);
        kv.writeBytes(le(4, elementType));
        kv.writeBytes(le(8, count));
        kv.writeBytes(body);
        return this;
    }

    /** A tensor laid out consecutively with true sizes; {@code type} is a ggml type id. */
    public GgufWriter tensor(String name, int type, long... ne) {
        long elements = 1;
        for (long d : ne) {
            elements *= d;
        }
        long bytes = elements / GgmlTypes.blockSize(type) * GgmlTypes.typeSize(type);
        tensorAt(name, type, nextOffset, ne);
        data.add(new byte[(int) bytes]);
        nextOffset += pad(bytes);
        return this;
    }

    /** A tensor info with an explicit offset and no data of its own. */
    public GgufWriter tensorAt(String name, long type, long offset, long... ne) {
        str(infos, name);
        infos.writeBytes(le(4, ne.length));
        for (long d : ne) {
            infos.writeBytes(le(8, d));
        }
        infos.writeBytes(le(4, type));
        infos.writeBytes(le(8, offset));
        tensorCount++;
        return this;
    }

    public GgufWriter extraData(int bytes) {
        data.add(new byte[bytes]);
        return this;
    }

    public byte[] build() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("GGUF".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(le(4, version));
        out.writeBytes(le(8, tensorCountOverride != null ? tensorCountOverride : tensorCount));
        out.writeBytes(le(8, kvCountOverride != null ? kvCountOverride : kvCount));
        out.writeBytes(kv.toByteArray());
        out.writeBytes(infos.toByteArray());
        if (!data.isEmpty()) {
            while (out.size() % alignment != 0) {
                out.write(0);
            }
            for (byte[] d : data) {
                out.writeBytes(d);
                for (long i = d.length; i < pad(d.length); i++) {
                    out.write(0);
                }
            }
        }
        return out.toByteArray();
    }

    private long pad(long bytes) {
        return (bytes + alignment - 1) / alignment * alignment;
    }

    private void key(String key, long type) {
        str(kv, key);
        kv.writeBytes(le(4, type));
        kvCount++;
    }

    static void str(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(le(8, b.length));
        out.writeBytes(b);
    }

    static byte[] le(int width, long value) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value);
        byte[] out = new byte[width];
        System.arraycopy(b.array(), 0, out, 0, width);
        return out;
    }
}
