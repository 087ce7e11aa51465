package dev.tightrope.scan;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/** Leading-byte signatures of the containers and streams the scanner opens (reference section 5). */
public final class Magic {

    /** Compressed stream kinds recognised by their first bytes. */
    public enum Compression { ZLIB, GZIP, BZIP2, XZ, LZMA, LZ4, ZSTD }

    private Magic() {
    }

    private static int u(byte[] b, int i) {
        return b[i] & 0xff;
    }

    public static boolean startsWith(byte[] b, int n, int... sig) {
        if (n < sig.length) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            if (u(b, i) != sig[i]) {
                return false;
            }
        }
        return true;
    }

    public static boolean isZip(byte[] b, int n) {
        return startsWith(b, n, 0x50, 0x4b, 0x03, 0x04);
    }

    public static boolean isEmptyZip(byte[] b, int n) {
        return startsWith(b, n, 0x50, 0x4b, 0x05, 0x06);
    }

    public static boolean isNpy(byte[] b, int n) {
        return startsWith(b, n, 0x93, 'N', 'U', 'M', 'P', 'Y');
    }

    public static boolean isSevenZip(byte[] b, int n) {
        return startsWith(b, n, 0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c);
    }

    public static boolean isTar(byte[] b, int n) {
        return n >= 262 && b[257] == 'u' && b[258] == 's' && b[259] == 't' && b[260] == 'a' && b[261] == 'r';
    }

    /** Pickle protocol 2 to 5: PROTO, a version, then a real opcode (FRAME for 4 and 5 as pickle writes them). */
    public static boolean isPickleWithProto(byte[] b, int n) {
        return n >= 3 && u(b, 0) == 0x80 && u(b, 1) >= 2 && u(b, 1) <= 5 && Opcodes.isOpcode(u(b, 2));
    }

    /** The compression whose signature these bytes start with, or null. */
    public static Compression compression(byte[] b, int n) {
        if (startsWith(b, n, 0x1f, 0x8b, 0x08)) {
            return Compression.GZIP;
        }
        if (startsWith(b, n, 'B', 'Z', 'h') && n >= 4 && u(b, 3) >= '1' && u(b, 3) <= '9') {
            return Compression.BZIP2;
        }
        if (startsWith(b, n, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
            return Compression.XZ;
        }
        if (startsWith(b, n, 0x04, 0x22, 0x4d, 0x18)) {
            return Compression.LZ4;
        }
        if (startsWith(b, n, 0x28, 0xb5, 0x2f, 0xfd)) {
            return Compression.ZSTD;
        }
        if (startsWith(b, n, 0x5d, 0x00, 0x00) && n >= 13) {
            return Compression.LZMA;
        }
        if (n >= 2 && (u(b, 0) & 0x0f) == 8 && (u(b, 0) >> 4) <= 7 && (u(b, 1) & 0x20) == 0 && ((u(b, 0) << 8) | u(b, 1)) % 31 == 0) {
            return Compression.ZLIB;
        }
        return null;
    }

    /**
     * Whether a zlib header is followed by data that inflates without error, so that tensor bytes
     * that merely start like a zlib header are not taken for a stream.
     */
    public static boolean inflatesCleanly(byte[] b, int n) {
        Inflater inf = new Inflater();
        try {
            inf.setInput(b, 0, n);
            byte[] out = new byte[64 * 1024];
            int produced = 0;
            while (!inf.finished() && !inf.needsInput() && produced < (1 << 20)) {
                int r = inf.inflate(out);
                if (r == 0 && (inf.needsDictionary() || inf.needsInput())) {
                    break;
                }
                produced += r;
            }
            return !inf.needsDictionary();
        } catch (DataFormatException e) {
            return false;
        } finally {
            inf.end();
        }
    }

    /** Bytes that deserve their own scan when found inside another format (a pickle's bytes operand). */
    public static boolean isNestedCandidate(byte[] b, int n) {
        if (isPickleWithProto(b, n) || isZip(b, n) || isNpy(b, n) || isSevenZip(b, n)) {
            return true;
        }
        Compression c = compression(b, n);
        if (c == null) {
            return false;
        }
        return c != Compression.ZLIB || inflatesCleanly(b, n);
    }
}
