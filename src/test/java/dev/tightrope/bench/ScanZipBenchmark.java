package dev.tightrope.bench;

import dev.tightrope.scan.FileScanResult;
import dev.tightrope.scan.ModelScanner;
import dev.tightrope.scan.Verdict;
import dev.tightrope.scan.testing.PickleWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * Scan throughput on a PyTorch-style zip checkpoint versus plain SHA-256 of the same file, in
 * the same run. The scan must be dominated by hashing: target ratio at least 0.8.
 *
 * <p>Arguments: {@code [sizeMiB]} (default 2048, at most 4000 since the writer emits no zip64).
 * The checkpoint is written to a temp directory and deleted afterwards. Each measurement is
 * taken three times after a warm-up read (page cache) and the best is printed.
 */
public final class ScanZipBenchmark {

    /** What one run measured. */
    public record Result(long bytes, double scanMiBs, double digestMiBs, Verdict verdict, java.util.List<dev.tightrope.scan.ScanFinding> findings) {
        public double ratio() {
            return scanMiBs / digestMiBs;
        }
    }

    private static final int STORAGE_MIB = 64;

    public static void main(String[] args) throws Exception {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 2048;
        Result r = run(mib);
        System.out.printf("ScanZipBenchmark: %d MiB checkpoint%n", r.bytes() >> 20);
        System.out.printf("  scan (structure + SHA-256): %8.1f MiB/s%n", r.scanMiBs());
        System.out.printf("  plain MessageDigest SHA-256: %7.1f MiB/s%n", r.digestMiBs());
        System.out.printf("  ratio scan/digest: %.3f (target >= 0.8), verdict %s%n", r.ratio(), r.verdict());
        r.findings().forEach(f -> System.out.println("  " + f));
    }

    public static Result run(long mib) throws IOException {
        if (mib < 1 || mib > 4000) {
            throw new IllegalArgumentException("size must be 1..4000 MiB, got " + mib);
        }
        Path dir = Files.createTempDirectory("tightrope-zip-bench");
        Path file = dir.resolve("pytorch_model.bin");
        try {
            writeCheckpoint(file, mib << 20);
            long size = Files.size(file);
            ModelScanner scanner = ModelScanner.builder().threads(1).build();
            String expected = digest(file);
            double bestScan = 0;
            double bestDigest = 0;
            Verdict verdict = null;
            java.util.List<dev.tightrope.scan.ScanFinding> findings = java.util.List.of();
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                String d = digest(file);
                long t1 = System.nanoTime();
                FileScanResult r = scanner.scanFile(file);
                long t2 = System.nanoTime();
                if (!r.sha256().equals(expected) || !d.equals(expected)) {
                    throw new IllegalStateException("digests disagree");
                }
                verdict = r.verdict();
                findings = r.findings();
                bestDigest = Math.max(bestDigest, mibPerSecond(size, t1 - t0));
                bestScan = Math.max(bestScan, mibPerSecond(size, t2 - t1));
            }
            return new Result(size, bestScan, bestDigest, verdict, findings);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    private static double mibPerSecond(long bytes, long nanos) {
        return bytes / 1048576.0 / (nanos / 1e9);
    }

    static String digest(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[4 << 20];
            ByteBuffer bb = ByteBuffer.wrap(buf);
            long pos = 0;
            while (true) {
                bb.clear();
                int n = ch.read(bb, pos);
                if (n < 0) {
                    break;
                }
                md.update(buf, 0, n);
                pos += n;
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** data.pkl referencing N float storages, then data/0..N-1 stored, 64-byte aligned like torch.save. */
    static void writeCheckpoint(Path file, long targetBytes) throws IOException {
        int storages = (int) Math.max(1, targetBytes / ((long) STORAGE_MIB << 20));
        long storageBytes = Math.max(1024, targetBytes / storages);
        PickleWriter p = PickleWriter.proto(2).global("collections", "OrderedDict").emptyTuple().reduce().binput(0)
                .global("torch._utils", "_rebuild_tensor_v2").binput(1).pop().global("torch", "FloatStorage").binput(2).pop()
                .mark();
        for (int i = 0; i < storages; i++) {
            p.unicode("layer." + i + ".weight").binget(1)
                    .mark().mark().shortBinstring("storage").binget(2).shortBinstring(Integer.toString(i)).shortBinstring("cpu")
                    .binint((int) (storageBytes / 4)).tuple().binpersid()
                    .binint1(0).binint((int) (storageBytes / 4)).tuple1().binint1(1).tuple1().newFalse()
                    .global("collections", "OrderedDict").emptyTuple().reduce().tuple().reduce();
        }
        byte[] pickle = p.setitems().stop().bytes();
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ZipOut zip = new ZipOut(out);
            zip.entry("archive/data.pkl", pickle.length, new ByteSource(pickle));
            byte[] chunk = new byte[4 << 20];
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = (byte) (i * 31 + (i >>> 9));
            }
            for (int i = 0; i < storages; i++) {
                zip.entry("archive/data/" + i, storageBytes, new RepeatSource(chunk, storageBytes));
            }
            zip.entry("archive/version", 2, new ByteSource("3\n".getBytes(StandardCharsets.US_ASCII)));
            zip.finish();
        }
    }

    private interface Source {
        void writeTo(FileChannel ch, CRC32 crc) throws IOException;
    }

    private record ByteSource(byte[] data) implements Source {
        public void writeTo(FileChannel ch, CRC32 crc) throws IOException {
            crc.update(data);
            ch.write(ByteBuffer.wrap(data));
        }
    }

    private record RepeatSource(byte[] chunk, long length) implements Source {
        public void writeTo(FileChannel ch, CRC32 crc) throws IOException {
            long left = length;
            while (left > 0) {
                int n = (int) Math.min(chunk.length, left);
                crc.update(chunk, 0, n);
                ByteBuffer b = ByteBuffer.wrap(chunk, 0, n);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                left -= n;
            }
        }
    }

    /** A minimal stored-only zip writer (local headers patched with the CRC after the data). */
    private static final class ZipOut {
        private final FileChannel ch;
        private final java.io.ByteArrayOutputStream central = new java.io.ByteArrayOutputStream();
        private int count;

        ZipOut(FileChannel ch) {
            this.ch = ch;
        }

        void entry(String name, long size, Source src) throws IOException {
            byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
            long offset = ch.position();
            int pad = (int) ((64 - (offset + 30 + nameBytes.length + 4) % 64) % 64);
            int extraLen = 4 + pad;
            ByteBuffer lh = ByteBuffer.allocate(30 + nameBytes.length + extraLen).order(ByteOrder.LITTLE_ENDIAN);
            lh.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0x21).putInt(0).putInt((int) size).putInt((int) size).putShort((short) nameBytes.length)
                    .putShort((short) extraLen).put(nameBytes).putShort((short) 0x4654).putShort((short) pad).put(new byte[pad]);
            lh.flip();
            ch.write(lh);
            CRC32 crc = new CRC32();
            src.writeTo(ch, crc);
            long end = ch.position();
            ByteBuffer c = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue());
            c.flip();
            ch.write(c, offset + 14);
            ch.position(end);
            ByteBuffer ce = ByteBuffer.allocate(46 + nameBytes.length).order(ByteOrder.LITTLE_ENDIAN);
            ce.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0x21).putInt((int) crc.getValue()).putInt((int) size).putInt((int) size)
                    .putShort((short) nameBytes.length).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putInt(0).putInt((int) offset).put(nameBytes);
            central.writeBytes(ce.array());
            count++;
        }

        void finish() throws IOException {
            long cdOffset = ch.position();
            ch.write(ByteBuffer.wrap(central.toByteArray()));
            ByteBuffer e = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
            e.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) count).putShort((short) count)
                    .putInt(central.size()).putInt((int) cdOffset).putShort((short) 0);
            e.flip();
            ch.write(e);
        }
    }

    private ScanZipBenchmark() {
    }

}
