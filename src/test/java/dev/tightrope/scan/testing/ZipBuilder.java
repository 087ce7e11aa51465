package dev.tightrope.scan.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes zip archives record by record, with control over what real zip writers keep
 * consistent: local versus central names, flag bits, CRC, listed or unlisted entries, prefixes.
 */
public final class ZipBuilder {

    /** One entry; fields left at their defaults make a well-formed stored entry. */
    public static final class Entry {
        String centralName;
        String localName;
        byte[] data;
        boolean deflate;
        int flags;
        Long crcOverride;
        boolean listed = true;

        public Entry localName(String name) {
            this.localName = name;
            return this;
        }

        public Entry deflate() {
            this.deflate = true;
            return this;
        }

        public Entry flags(int flags) {
            this.flags = flags;
            return this;
        }

        public Entry crc(long crc) {
            this.crcOverride = crc;
            return this;
        }

        public Entry unlisted() {
            this.listed = false;
            return this;
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private byte[] prefix = new byte[0];

    public Entry add(String name, byte[] data) {
        Entry e = new Entry();
        e.centralName = name;
        e.localName = name;
        e.data = data;
        entries.add(e);
        return e;
    }

    /** Bytes before the first local header; central offsets stay relative to the zip itself. */
    public ZipBuilder prefix(byte[] prefix) {
        this.prefix = prefix;
        return this;
    }

    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prefix);
        ByteArrayOutputStream central = new ByteArrayOutputStream();
        int listed = 0;
        for (Entry e : entries) {
            byte[] stored = e.deflate ? deflate(e.data) : e.data;
            CRC32 crc = new CRC32();
            crc.update(e.data);
            long crcValue = e.crcOverride != null ? e.crcOverride : crc.getValue();
            long offset = out.size() - prefix.length;
            byte[] local = e.localName.getBytes(StandardCharsets.UTF_8);
            ByteBuffer lh = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
            lh.putInt(0x04034b50).putShort((short) 20).putShort((short) e.flags).putShort((short) (e.deflate ? 8 : 0))
                    .putShort((short) 0).putShort((short) 0x21).putInt((int) crcValue).putInt(stored.length).putInt(e.data.length)
                    .putShort((short) local.length).putShort((short) 0);
            out.writeBytes(lh.array());
            out.writeBytes(local);
            out.writeBytes(stored);
            if (!e.listed) {
                continue;
            }
            listed++;
            byte[] name = e.centralName.getBytes(StandardCharsets.UTF_8);
            ByteBuffer ch = ByteBuffer.allocate(46).order(ByteOrder.LITTLE_ENDIAN);
            ch.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) e.flags)
                    .putShort((short) (e.deflate ? 8 : 0)).putShort((short) 0).putShort((short) 0x21).putInt((int) crcValue)
                    .putInt(stored.length).putInt(e.data.length).putShort((short) name.length).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0).putInt((int) offset);
            central.writeBytes(ch.array());
            central.writeBytes(name);
        }
        long cdOffset = out.size() - prefix.length;
        out.writeBytes(central.toByteArray());
        ByteBuffer eocd = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
        eocd.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) listed).putShort((short) listed)
                .putInt(central.size()).putInt((int) cdOffset).putShort((short) 0);
        out.writeBytes(eocd.array());
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    /** A benign PyTorch-style checkpoint pickle: {'w': tensor} referencing storage key "0". */
    public static byte[] torchStateDictPickle() {
        return PickleWriter.proto(2)
                .global("collections", "OrderedDict").emptyTuple().reduce().binput(0)
                .shortBinstring("w")
                .global("torch._utils", "_rebuild_tensor_v2")
                .mark()
                .mark().shortBinstring("storage").global("torch", "FloatStorage").shortBinstring("0").shortBinstring("cpu").binint1(4).tuple()
                .binpersid()
                .binint1(0).binint1(4).tuple1().binint1(1).tuple1().newFalse()
                .global("collections", "OrderedDict").emptyTuple().reduce()
                .tuple().reduce()
                .setitem().stop().bytes();
    }
}
