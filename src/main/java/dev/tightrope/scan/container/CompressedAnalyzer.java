package dev.tightrope.scan.container;

import dev.tightrope.domain.Labels;
import dev.tightrope.scan.AnalysisContext;
import dev.tightrope.scan.FormatAnalyzer;
import dev.tightrope.scan.Magic;
import dev.tightrope.scan.ModelFormat;
import dev.tightrope.scan.ScanInput;
import dev.tightrope.scan.Verdict;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.InflaterInputStream;
import org.apache.commons.compress.MemoryLimitException;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;
import org.apache.commons.compress.compressors.lzma.LZMACompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Compressed streams (joblib's zlib/gzip/bz2/xz/lzma/lz4 dumps, gzip-wrapped files): recognised
 * by magic, decompressed in pure Java under an absolute and a ratio bound, and the result scanned
 * by content. zstd needs native code in Java, so it is reported as not scanned.
 */
public final class CompressedAnalyzer implements FormatAnalyzer {

    /** Decoder memory (xz and lzma dictionaries) a stream may ask for; joblib's presets need at most 64 MiB. */
    static final int DECODER_MEMORY_KIB = 96 * 1024;

    @Override
    public ModelFormat format() {
        return ModelFormat.COMPRESSED;
    }

    @Override
    public boolean recognizes(byte[] head, int headLength, long size, String name) {
        Magic.Compression c = Magic.compression(head, headLength);
        if (c == null) {
            return false;
        }
        if (c == Magic.Compression.ZLIB) {
            return Magic.inflatesCleanly(head, headLength);
        }
        if (c == Magic.Compression.LZMA) {
            return lzmaHeaderPlausible(head, headLength);
        }
        return true;
    }

    /** lzma-alone: properties byte 0x5d, a power-of-two-ish dictionary size, and an unknown or sane uncompressed size. */
    private static boolean lzmaHeaderPlausible(byte[] h, int n) {
        if (n < 13) {
            return false;
        }
        long dict = (h[1] & 0xffL) | (h[2] & 0xffL) << 8 | (h[3] & 0xffL) << 16 | (h[4] & 0xffL) << 24;
        long usize = 0;
        for (int i = 12; i >= 5; i--) {
            usize = (usize << 8) | (h[i] & 0xff);
        }
        return dict >= 4096 && dict <= (1L << 30) && (usize == -1L || (usize >= 0 && usize < (1L << 48)));
    }

    @Override
    public void analyze(ScanInput in, AnalysisContext ctx) throws IOException {
        byte[] head = in.readFully(0, (int) Math.min(in.size(), 64));
        Magic.Compression kind = Magic.compression(head, head.length);
        if (kind == null) {
            ctx.report("compressed.corrupt", Verdict.INVALID, "compressed stream lost its signature", "", 0);
            return;
        }
        String label = Labels.token(kind);
        if (kind == Magic.Compression.ZSTD) {
            ctx.report("compressed.not-scanned", Verdict.SUSPICIOUS,
                    "not scanned: zstd stream (no pure-Java decoder available); decompress it and scan the result", "zstd", 0);
            return;
        }
        long bound = Math.min(ctx.limits().maxDecompressedBytes(),
                Math.max(Spool.MEMORY_LIMIT, multiplySaturated(in.size(), ctx.limits().maxDecompressionRatio())));
        Spool spool;
        try (InputStream raw = new BufferedInputStream(new ZipAnalyzer.SliceStream(in), 256 * 1024);
                InputStream decoded = open(kind, raw)) {
            spool = Spool.collect(decoded, label, bound, ctx::checkDeadline);
        } catch (MemoryLimitException e) {
            ctx.report("scan.limit", Verdict.SUSPICIOUS, "not scanned: the " + label + " stream needs more than " + (DECODER_MEMORY_KIB >> 10)
                    + " MiB of decoder memory (" + e.getMessage() + ")", label, 0);
            return;
        } catch (IOException e) {
            ctx.report("compressed.corrupt", Verdict.INVALID, label + " stream header is corrupt: " + e.getMessage(), label, 0);
            return;
        }
        try (spool) {
            if (spool.failure() instanceof MemoryLimitException) {
                ctx.report("scan.limit", Verdict.SUSPICIOUS, "not fully scanned: the " + label + " stream needs more than "
                        + (DECODER_MEMORY_KIB >> 10) + " MiB of decoder memory", label, -1);
            } else if (spool.failure() != null) {
                ctx.report("compressed.corrupt", Verdict.INVALID, label + " stream is corrupt after " + spool.input().size()
                        + " decompressed bytes: " + spool.failure().getMessage() + "; the prefix is scanned", label, -1);
            }
            if (spool.hitBound()) {
                ctx.report("scan.limit", Verdict.SUSPICIOUS, "not fully scanned: " + label + " stream decompresses beyond " + bound
                        + " bytes (absolute or ratio bound)", label, -1);
            }
            ctx.scanNested(label, spool.input());
        }
    }

    private static long multiplySaturated(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static InputStream open(Magic.Compression kind, InputStream raw) throws IOException {
        return switch (kind) {
            case ZLIB -> new InflaterInputStream(raw);
            case GZIP -> GzipCompressorInputStream.builder().setInputStream(raw).setDecompressConcatenated(true).get();
            case BZIP2 -> new BZip2CompressorInputStream(raw, true);
            case XZ -> new XZCompressorInputStream(raw, true, DECODER_MEMORY_KIB);
            case LZMA -> new LZMACompressorInputStream(raw, DECODER_MEMORY_KIB);
            case LZ4 -> new FramedLZ4CompressorInputStream(raw, true);
            case ZSTD -> throw new IOException("zstd is not decoded");
        };
    }
}
