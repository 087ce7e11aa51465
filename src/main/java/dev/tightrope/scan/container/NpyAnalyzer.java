package dev.tightrope.scan.container;

import dev.tightrope.scan.AnalysisContext;
import dev.tightrope.scan.FormatAnalyzer;
import dev.tightrope.scan.Magic;
import dev.tightrope.scan.ModelFormat;
import dev.tightrope.scan.ScanInput;
import dev.tightrope.scan.Verdict;
import dev.tightrope.scan.pickle.DtypeSize;
import dev.tightrope.scan.pickle.PickleAnalyzer;
import dev.tightrope.scan.pickle.PicklePolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * NumPy {@code .npy}: versions 1 to 3, a bounded header that is a Python dict literal (parsed,
 * never evaluated) with exactly {@code descr}, {@code fortran_order} and {@code shape}. An
 * object dtype means the body is a pickle, which is simulated; otherwise the body must be
 * exactly shape × item size bytes.
 */
public final class NpyAnalyzer implements FormatAnalyzer {

    @Override
    public ModelFormat format() {
        return ModelFormat.NUMPY_NPY;
    }

    @Override
    public boolean recognizes(byte[] head, int headLength, long size, String name) {
        return Magic.isNpy(head, headLength);
    }

    @Override
    public void analyze(ScanInput in, AnalysisContext ctx) throws IOException {
        if (in.size() < 10) {
            ctx.report("npy.malformed-header", Verdict.INVALID, ".npy shorter than its fixed header", "", 0);
            return;
        }
        byte[] pre = in.readFully(0, (int) Math.min(in.size(), 12));
        int major = pre[6] & 0xff;
        int minor = pre[7] & 0xff;
        if (major < 1 || major > 3 || minor != 0) {
            ctx.report("npy.unsupported-version", Verdict.INVALID, ".npy format version " + major + "." + minor + " does not exist",
                    major + "." + minor, 6);
            return;
        }
        long headerLen;
        int fixed;
        if (major == 1) {
            headerLen = ByteBuffer.wrap(pre, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
            fixed = 10;
        } else {
            if (pre.length < 12) {
                ctx.report("npy.malformed-header", Verdict.INVALID, ".npy shorter than its fixed header", "", 0);
                return;
            }
            headerLen = ByteBuffer.wrap(pre, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
            fixed = 12;
        }
        int maxHeader = ctx.limits().maxNpyHeader();
        if (headerLen > maxHeader) {
            ctx.report("npy.malformed-header", Verdict.INVALID, ".npy header of " + headerLen + " bytes exceeds " + maxHeader
                    + " (NumPy refuses it since 1.26 / CVE-2019-6446 hardening)", "header " + headerLen, 8);
            return;
        }
        if (fixed + headerLen > in.size()) {
            ctx.report("npy.malformed-header", Verdict.INVALID, ".npy header runs past the end of the file", "header " + headerLen, 8);
            return;
        }
        long bodyStart = fixed + headerLen;
        if (bodyStart % 64 != 0) {
            ctx.report("npy.header-unaligned", Verdict.SUSPICIOUS, ".npy data starts at " + bodyStart
                    + ", not on a 64-byte boundary as NumPy writes it", "offset " + bodyStart, fixed);
        }
        byte[] raw = in.readFully(fixed, (int) headerLen);
        String text = new String(raw, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Object parsed;
        try {
            parsed = PyLiteral.parse(text);
        } catch (PyLiteral.SyntaxError e) {
            ctx.report("npy.malformed-header", Verdict.INVALID, ".npy header is not a plain dict literal: " + e.getMessage(),
                    abbreviate(text), fixed);
            return;
        }
        if (!(parsed instanceof Map<?, ?> header) || !header.keySet().equals(Set.of("descr", "fortran_order", "shape"))) {
            ctx.report("npy.malformed-header", Verdict.INVALID, ".npy header must be a dict of exactly descr, fortran_order, shape",
                    abbreviate(text), fixed);
            return;
        }
        Object descr = header.get("descr");
        long count = shapeCount(header.get("shape"));
        if (!(header.get("fortran_order") instanceof Boolean) || count < 0) {
            ctx.report("npy.malformed-header", Verdict.INVALID, ".npy header has a bad fortran_order or shape", abbreviate(text), fixed);
            return;
        }
        if (hasObject(descr, 0)) {
            ctx.report("npy.object-array", Verdict.SUSPICIOUS, "object array: its body is a pickle that np.load runs with allow_pickle=True"
                    + " (off by default since NumPy 1.16.3, CVE-2019-6446)", String.valueOf(descr), fixed);
            PickleAnalyzer.scan(in, bodyStart, in.size(), ctx, PicklePolicy.standard());
            return;
        }
        long itemsize = itemSize(descr, 0);
        if (itemsize < 0) {
            ctx.report("npy.malformed-header", Verdict.INVALID, ".npy descr is not a NumPy type", String.valueOf(descr), fixed);
            return;
        }
        long body;
        try {
            body = Math.multiplyExact(count, itemsize);
        } catch (ArithmeticException e) {
            body = -1;
        }
        long actual = in.size() - bodyStart;
        if (body != actual) {
            ctx.report("npy.size-mismatch", Verdict.INVALID, ".npy body is " + actual + " bytes but shape × item size is " + body
                    + (body >= 0 && actual > body ? " (trailing data)" : " (truncated)"), "body " + actual, bodyStart);
        }
    }

    private static String abbreviate(String s) {
        String t = s.strip();
        return t.length() > 200 ? t.substring(0, 200) + "…" : t;
    }

    private static long shapeCount(Object shape) {
        List<Object> dims;
        if (shape instanceof PyLiteral.Tuple t) {
            dims = t.items();
        } else if (shape instanceof Long l) {
            dims = List.of(l);
        } else {
            return -1;
        }
        long p = 1;
        for (Object d : dims) {
            if (!(d instanceof Long v) || v < 0) {
                return -1;
            }
            try {
                p = Math.multiplyExact(p, v);
            } catch (ArithmeticException e) {
                return -1;
            }
        }
        return p;
    }

    private static boolean hasObject(Object descr, int depth) {
        if (depth > 16) {
            return true;
        }
        if (descr instanceof String s) {
            String t = s.isEmpty() ? s : s.substring(s.charAt(0) == '|' || s.charAt(0) == '<' || s.charAt(0) == '>' || s.charAt(0) == '=' ? 1 : 0);
            return t.startsWith("O");
        }
        if (descr instanceof List<?> fields) {
            for (Object f : fields) {
                if (f instanceof PyLiteral.Tuple t && t.items().size() >= 2 && hasObject(t.items().get(1), depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Item size of a descr: a type string, or a structured list of (name, descr[, shape]) fields. */
    private static long itemSize(Object descr, int depth) {
        if (depth > 16) {
            return -1;
        }
        if (descr instanceof String s) {
            return DtypeSize.of(s);
        }
        if (!(descr instanceof List<?> fields)) {
            return -1;
        }
        long total = 0;
        for (Object f : fields) {
            if (!(f instanceof PyLiteral.Tuple t) || t.items().size() < 2 || t.items().size() > 3) {
                return -1;
            }
            long size = itemSize(t.items().get(1), depth + 1);
            if (size < 0) {
                return -1;
            }
            if (t.items().size() == 3) {
                long n = shapeCount(t.items().get(2));
                if (n < 0) {
                    return -1;
                }
                size = multiply(size, n);
            }
            total = size < 0 ? -1 : total + size;
            if (total < 0) {
                return -1;
            }
        }
        return total;
    }

    private static long multiply(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return -1;
        }
    }
}
