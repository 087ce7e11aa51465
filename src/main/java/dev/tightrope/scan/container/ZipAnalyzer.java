package dev.tightrope.scan.container;

import dev.tightrope.scan.AnalysisContext;
import dev.tightrope.scan.FormatAnalyzer;
import dev.tightrope.scan.Magic;
import dev.tightrope.scan.ModelFormat;
import dev.tightrope.scan.ScanInput;
import dev.tightrope.scan.ScanLimitException;
import dev.tightrope.scan.SliceInput;
import dev.tightrope.scan.Verdict;
import dev.tightrope.scan.pickle.PickleAnalyzer;
import dev.tightrope.scan.pickle.PickleMachine;
import dev.tightrope.scan.pickle.PicklePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Zip archives: PyTorch checkpoints, TorchScript archives, {@code .npz}, {@code .keras} and
 * plain zips, parsed from their raw records as leniently as PyTorch's miniz reader (CRC, flag
 * bits and local-header names are not trusted nor required) while reporting every anomaly.
 * Structure comes from positioned reads of the central directory and local headers only;
 * members are chosen by their content, and stored tensor storages the pickles reference are
 * never read.
 */
public final class ZipAnalyzer implements FormatAnalyzer {

    private static final int EOCD_SIG = 0x06054b50;
    private static final int CEN_SIG = 0x02014b50;
    private static final int LOC_SIG = 0x04034b50;
    private static final int ZIP64_LOCATOR_SIG = 0x07064b50;
    private static final int ZIP64_EOCD_SIG = 0x06064b50;
    private static final int MAX_TAIL = 22 + 0xffff;
    private static final long MAX_CENTRAL_DIRECTORY = 256L << 20;
    private static final long MAX_GAP_SCAN = 64L << 20;

    /** One central-directory record, with what its local header showed. */
    private static final class Entry {
        final String name;
        final int flags;
        final int method;
        final long crc;
        long csize;
        long usize;
        long localOffset;
        long dataStart = -1;
        String localName;

        Entry(String name, int flags, int method, long crc, long csize, long usize, long localOffset) {
            this.name = name;
            this.flags = flags;
            this.method = method;
            this.crc = crc;
            this.csize = csize;
            this.usize = usize;
            this.localOffset = localOffset;
        }
    }

    @Override
    public ModelFormat format() {
        return ModelFormat.ZIP;
    }

    @Override
    public boolean recognizes(byte[] head, int headLength, long size, String name) {
        return Magic.isZip(head, headLength) || Magic.isEmptyZip(head, headLength);
    }

    /** Whether a consistent end-of-central-directory record closes this input (the zip view of a polyglot). */
    public static boolean hasEndOfCentralDirectory(ScanInput in) throws IOException {
        return findEocd(in, true) >= 0;
    }

    private static long findEocd(ScanInput in, boolean strict) throws IOException {
        long size = in.size();
        if (size < 22) {
            return -1;
        }
        int tailLen = (int) Math.min(size, MAX_TAIL);
        long tailStart = size - tailLen;
        ByteBuffer tail = ByteBuffer.wrap(in.readFully(tailStart, tailLen)).order(ByteOrder.LITTLE_ENDIAN);
        long loose = -1;
        for (int i = tailLen - 22; i >= 0; i--) {
            if (tail.getInt(i) != EOCD_SIG) {
                continue;
            }
            long at = tailStart + i;
            int commentLen = tail.getShort(i + 20) & 0xffff;
            long cdSize = tail.getInt(i + 12) & 0xffffffffL;
            long cdOffset = tail.getInt(i + 16) & 0xffffffffL;
            boolean commentFits = at + 22 + commentLen == size;
            boolean cdFits = cdOffset == 0xffffffffL || cdSize == 0xffffffffL || cdSize <= at;
            if (commentFits && cdFits) {
                return at;
            }
            if (loose < 0 && cdFits) {
                loose = at;
            }
        }
        return strict ? -1 : loose;
    }

    @Override
    public void analyze(ScanInput in, AnalysisContext ctx) throws IOException {
        Directory dir = readCentralDirectory(in, ctx);
        if (dir == null) {
            walkLocalHeaders(in, ctx, 0, in.size(), new HashSet<>(), "no usable central directory");
            return;
        }
        List<Entry> entries = dir.entries();
        ModelFormat kind = classify(entries);
        if (kind != ModelFormat.ZIP) {
            ctx.classify(kind);
        }
        PicklePolicy policy = kind == ModelFormat.TORCHSCRIPT ? PicklePolicy.torchScript() : PicklePolicy.standard();
        checkEntries(in, ctx, entries, dir.shift());
        scanMembers(in, ctx, entries, policy);
        scanGaps(in, ctx, entries, dir.centralStart());
    }

    // ---- central directory --------------------------------------------------------------------

    /** The central directory's entries and where it really sits. */
    private record Directory(List<Entry> entries, long shift, long centralStart) {
    }

    private static Directory readCentralDirectory(ScanInput in, AnalysisContext ctx) throws IOException {
        long eocd = findEocd(in, false);
        if (eocd < 0) {
            ctx.report("zip.malformed", Verdict.INVALID, "no end-of-central-directory record: loaders cannot open this zip", "", -1);
            return null;
        }
        ByteBuffer e = ByteBuffer.wrap(in.readFully(eocd, 22)).order(ByteOrder.LITTLE_ENDIAN);
        long count = e.getShort(10) & 0xffff;
        long cdSize = e.getInt(12) & 0xffffffffL;
        long cdOffset = e.getInt(16) & 0xffffffffL;
        long cdEnd = eocd;
        if (eocd >= 20) {
            ByteBuffer loc = ByteBuffer.wrap(in.readFully(eocd - 20, 20)).order(ByteOrder.LITTLE_ENDIAN);
            if (loc.getInt(0) == ZIP64_LOCATOR_SIG) {
                long z64 = loc.getLong(8);
                if (z64 >= 0 && z64 <= eocd - 20 - 56) {
                    ByteBuffer z = ByteBuffer.wrap(in.readFully(z64, 56)).order(ByteOrder.LITTLE_ENDIAN);
                    if (z.getInt(0) == ZIP64_EOCD_SIG) {
                        count = z.getLong(32);
                        cdSize = z.getLong(40);
                        cdOffset = z.getLong(48);
                        cdEnd = z64;
                    }
                }
            }
        }
        if (cdSize < 0 || cdSize > cdEnd || count < 0 || count > cdSize / 46 + 1) {
            ctx.report("zip.malformed", Verdict.INVALID, "central directory of " + cdSize + " bytes and " + count
                    + " entries does not fit before its end record", "", eocd);
            return null;
        }
        if (cdSize > MAX_CENTRAL_DIRECTORY) {
            throw new ScanLimitException("zip central directory larger than " + MAX_CENTRAL_DIRECTORY + " bytes");
        }
        long actualStart = cdEnd - cdSize;
        long shift = actualStart - cdOffset;
        if (shift != 0) {
            ctx.report("zip.prefix-data", Verdict.SUSPICIOUS, "zip offsets are shifted by " + shift
                    + " bytes: data was prepended to the archive (a polyglot or self-extracting layout)", "shift " + shift, actualStart);
        }
        ByteBuffer cd = ByteBuffer.wrap(in.readFully(actualStart, (int) cdSize)).order(ByteOrder.LITTLE_ENDIAN);
        List<Entry> entries = new ArrayList<>();
        int p = 0;
        for (long i = 0; i < count; i++) {
            if (p + 46 > cdSize || cd.getInt(p) != CEN_SIG) {
                ctx.report("zip.malformed", Verdict.INVALID, "central directory record " + i + " is missing or cut off", "",
                        actualStart + p);
                break;
            }
            int flags = cd.getShort(p + 8) & 0xffff;
            int method = cd.getShort(p + 10) & 0xffff;
            long crc = cd.getInt(p + 16) & 0xffffffffL;
            long csize = cd.getInt(p + 20) & 0xffffffffL;
            long usize = cd.getInt(p + 24) & 0xffffffffL;
            int nameLen = cd.getShort(p + 28) & 0xffff;
            int extraLen = cd.getShort(p + 30) & 0xffff;
            int commentLen = cd.getShort(p + 32) & 0xffff;
            long localOffset = cd.getInt(p + 42) & 0xffffffffL;
            if (p + 46L + nameLen + extraLen + commentLen > cdSize) {
                ctx.report("zip.malformed", Verdict.INVALID, "central directory record " + i + " runs past the directory", "",
                        actualStart + p);
                break;
            }
            String name = new String(cd.array(), p + 46, nameLen, StandardCharsets.UTF_8);
            Entry entry = new Entry(name, flags, method, crc, csize, usize, localOffset);
            readZip64Extra(cd, p + 46 + nameLen, extraLen, entry);
            entries.add(entry);
            p += 46 + nameLen + extraLen + commentLen;
        }
        return new Directory(entries, shift, actualStart);
    }

    private static void readZip64Extra(ByteBuffer cd, int from, int len, Entry e) {
        int p = from;
        int end = from + len;
        while (p + 4 <= end) {
            int id = cd.getShort(p) & 0xffff;
            int size = cd.getShort(p + 2) & 0xffff;
            int q = p + 4;
            if (id == 0x0001) {
                int fieldEnd = Math.min(end, q + size);
                if (e.usize == 0xffffffffL && q + 8 <= fieldEnd) {
                    e.usize = cd.getLong(q);
                    q += 8;
                }
                if (e.csize == 0xffffffffL && q + 8 <= fieldEnd) {
                    e.csize = cd.getLong(q);
                    q += 8;
                }
                if (e.localOffset == 0xffffffffL && q + 8 <= fieldEnd) {
                    e.localOffset = cd.getLong(q);
                }
                return;
            }
            p = q + size;
        }
    }

    private static ModelFormat classify(List<Entry> entries) {
        boolean dataPkl = false;
        boolean torchScript = false;
        boolean allNpy = !entries.isEmpty();
        boolean kerasConfig = false;
        boolean kerasMetadata = false;
        for (Entry e : entries) {
            String n = e.name;
            dataPkl |= n.equals("data.pkl") || n.endsWith("/data.pkl");
            torchScript |= n.endsWith("/constants.pkl") || n.equals("constants.pkl") || n.contains("/code/") || n.startsWith("code/");
            allNpy &= n.endsWith(".npy");
            kerasConfig |= n.equals("config.json");
            kerasMetadata |= n.equals("metadata.json");
        }
        if (dataPkl) {
            return torchScript ? ModelFormat.TORCHSCRIPT : ModelFormat.PYTORCH_ZIP;
        }
        if (allNpy) {
            return ModelFormat.NUMPY_NPZ;
        }
        if (kerasConfig && kerasMetadata) {
            return ModelFormat.KERAS_V3;
        }
        return ModelFormat.ZIP;
    }

    // ---- per-entry checks -----------------------------------------------------------------------

    private static void checkEntries(ScanInput in, AnalysisContext ctx, List<Entry> entries, long shift) throws IOException {
        Set<String> names = new HashSet<>();
        for (Entry e : entries) {
            ctx.checkDeadline();
            AnalysisContext m = ctx.member(e.name);
            if (!names.add(e.name)) {
                m.report("zip.duplicate-name", Verdict.SUSPICIOUS,
                        "two entries share this name: loaders disagree on which one they read; both are scanned", e.name, -1);
            }
            if (isTraversal(e.name)) {
                m.report("zip.path-traversal", Verdict.DANGEROUS,
                        "entry name leaves the extraction directory (absolute, drive letter, backslash or '..')", e.name, -1);
            }
            if ((e.flags & 0x61) != 0) {
                m.report("zip.flag-bits", Verdict.SUSPICIOUS, String.format(
                        "general-purpose flags 0x%04x mark the entry encrypted or patched; PyTorch ignores them and reads it in the clear,"
                                + " so it is scanned as such", e.flags), String.format("flags 0x%04x", e.flags), -1);
            }
            long local = e.localOffset + shift;
            if (local < 0 || local > in.size() - 30) {
                m.report("zip.out-of-bounds", Verdict.INVALID, "local header offset " + local + " is outside the file", e.name, -1);
                continue;
            }
            ByteBuffer lh = ByteBuffer.wrap(in.readFully(local, 30)).order(ByteOrder.LITTLE_ENDIAN);
            if (lh.getInt(0) != LOC_SIG) {
                m.report("zip.malformed", Verdict.INVALID, "no local header where the central directory points", e.name, local);
                continue;
            }
            int nameLen = lh.getShort(26) & 0xffff;
            int extraLen = lh.getShort(28) & 0xffff;
            if (local + 30 + nameLen + extraLen > in.size()) {
                m.report("zip.out-of-bounds", Verdict.INVALID, "local header runs past the end of the file", e.name, local);
                continue;
            }
            e.localName = new String(in.readFully(local + 30, nameLen), StandardCharsets.UTF_8);
            e.localOffset = local;
            e.dataStart = local + 30 + nameLen + extraLen;
            if (!e.localName.equals(e.name)) {
                m.report("zip.name-mismatch", Verdict.SUSPICIOUS, "local header names this entry '" + e.localName
                        + "' but the central directory says '" + e.name + "': tools that read different records see different files",
                        e.localName, local);
            }
            if (e.csize < 0 || e.dataStart > in.size() - e.csize) {
                m.report("zip.out-of-bounds", Verdict.INVALID, "entry data of " + e.csize + " bytes runs past the end of the file",
                        e.name, e.dataStart);
                e.dataStart = -1;
                continue;
            }
            if (e.method == 0 && e.csize != e.usize) {
                m.report("zip.size-mismatch", Verdict.SUSPICIOUS, "stored entry declares " + e.csize + " stored and " + e.usize
                        + " uncompressed bytes", e.name, local);
            }
        }
        List<Entry> placed = new ArrayList<>();
        for (Entry e : entries) {
            if (e.dataStart >= 0) {
                placed.add(e);
            }
        }
        placed.sort(Comparator.comparingLong(x -> x.localOffset));
        for (int i = 1; i < placed.size(); i++) {
            Entry prev = placed.get(i - 1);
            Entry cur = placed.get(i);
            if (cur.localOffset < prev.dataStart + prev.csize) {
                ctx.member(cur.name).report("zip.overlap", Verdict.INVALID, "entry overlaps the data of '" + prev.name
                        + "': one byte range read as two files (zip bomb or confusion)", prev.name, cur.localOffset);
            }
        }
    }

    private static boolean isTraversal(String name) {
        if (name.startsWith("/") || name.contains("\\") || name.indexOf('\0') >= 0 || (name.length() > 1 && name.charAt(1) == ':')) {
            return true;
        }
        for (String part : name.split("/", -1)) {
            if (part.equals("..")) {
                return true;
            }
        }
        return false;
    }

    // ---- members ------------------------------------------------------------------------------------

    private static void scanMembers(ScanInput in, AnalysisContext ctx, List<Entry> entries, PicklePolicy policy) throws IOException {
        Map<String, Set<String>> referenced = new HashMap<>();
        List<Entry> later = new ArrayList<>();
        for (Entry e : entries) {
            ctx.checkDeadline();
            if (e.dataStart < 0) {
                continue;
            }
            if (!isPickleMember(in, e)) {
                later.add(e);
                continue;
            }
            try (Member member = open(in, ctx, e)) {
                if (member == null) {
                    continue;
                }
                PickleAnalyzer.StreamSummary s = PickleAnalyzer.scan(member.input, ctx.member(e.name), policy);
                String dir = e.name.contains("/") ? e.name.substring(0, e.name.lastIndexOf('/') + 1) : "";
                String base = e.name.substring(dir.length());
                String storageDir = base.equals("constants.pkl") ? dir + "constants/" : dir + "data/";
                Set<String> keys = referenced.computeIfAbsent(storageDir, k -> new HashSet<>());
                for (PickleMachine.StorageRef ref : s.storages()) {
                    keys.add(ref.key());
                }
                member.verifyCrc(ctx.member(e.name));
            }
        }
        Set<String> present = new HashSet<>();
        for (Entry e : later) {
            present.add(e.name);
        }
        for (Map.Entry<String, Set<String>> r : referenced.entrySet()) {
            for (String key : r.getValue()) {
                if (!present.contains(r.getKey() + key)) {
                    ctx.report("torch.missing-storage", Verdict.INVALID, "a pickle references storage '" + key + "' but the archive has no "
                            + r.getKey() + key, r.getKey() + key, -1);
                }
            }
        }
        for (Entry e : later) {
            ctx.checkDeadline();
            if (isReferencedStorage(e.name, referenced) && e.method == 0) {
                if (!ctx.deferCrc32(e.dataStart, e.csize, e.crc, e.name)) {
                    new Member(new SliceInput(in, e.dataStart, e.csize, e.name), null, e).verifyCrc(ctx.member(e.name));
                }
                continue;
            }
            try (Member member = open(in, ctx, e)) {
                if (member == null) {
                    continue;
                }
                ctx.scanNested(e.name, member.input);
                member.verifyCrc(ctx.member(e.name));
            }
        }
    }

    private static boolean isReferencedStorage(String name, Map<String, Set<String>> referenced) {
        int slash = name.lastIndexOf('/');
        String dir = slash < 0 ? "" : name.substring(0, slash + 1);
        Set<String> keys = referenced.get(dir);
        return keys != null && keys.contains(name.substring(slash + 1));
    }

    private static boolean isPickleMember(ScanInput in, Entry e) throws IOException {
        if (e.method != 0) {
            return e.name.endsWith(".pkl") || e.name.endsWith("debug_pkl");
        }
        int n = (int) Math.min(e.csize, 3);
        byte[] head = in.readFully(e.dataStart, n);
        return Magic.isPickleWithProto(head, n);
    }

    /** A member's bytes: a slice for stored entries, inflated (bounded) for deflated ones. */
    private static final class Member implements AutoCloseable {
        final ScanInput input;
        final Spool spool;
        final Entry entry;

        Member(ScanInput input, Spool spool, Entry entry) {
            this.input = input;
            this.spool = spool;
            this.entry = entry;
        }

        void verifyCrc(AnalysisContext ctx) throws IOException {
            CRC32 crc = new CRC32();
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(Math.max(input.size(), 1), 1 << 20));
            long pos = 0;
            while (pos < input.size()) {
                buf.clear();
                int n = input.read(pos, buf);
                if (n <= 0) {
                    break;
                }
                buf.flip();
                crc.update(buf);
                pos += n;
            }
            if (crc.getValue() != entry.crc) {
                ctx.report("zip.crc-mismatch", Verdict.SUSPICIOUS, String.format(
                        "CRC-32 is %08x but the directory says %08x: PyTorch does not check it, other tools reject the file",
                        crc.getValue(), entry.crc), String.format("crc %08x", crc.getValue()), -1);
            }
        }

        @Override
        public void close() throws IOException {
            if (spool != null) {
                spool.close();
            }
        }
    }

    private static Member open(ScanInput in, AnalysisContext ctx, Entry e) throws IOException {
        AnalysisContext m = ctx.member(e.name);
        if (e.method == 0) {
            return new Member(new SliceInput(in, e.dataStart, e.csize, e.name), null, e);
        }
        if (e.method != 8) {
            m.report("zip.unsupported-method", Verdict.SUSPICIOUS,
                    "not scanned: compression method " + e.method + " (PyTorch reads only stored and deflated entries)", "method " + e.method, -1);
            return null;
        }
        long bound = Math.min(ctx.limits().maxDecompressedBytes(),
                Math.max(Spool.MEMORY_LIMIT, e.csize * (long) ctx.limits().maxDecompressionRatio()));
        Inflater inflater = new Inflater(true);
        try (InputStream raw = new SliceStream(new SliceInput(in, e.dataStart, e.csize, e.name));
                InputStream inflated = new InflaterInputStream(raw, inflater, 64 * 1024)) {
            Spool spool = Spool.collect(inflated, e.name, bound, ctx::checkDeadline);
            if (spool.failure() != null) {
                m.report("zip.corrupt-data", Verdict.INVALID, "deflated data is corrupt after " + spool.input().size()
                        + " bytes: " + spool.failure().getMessage(), e.name, -1);
            }
            if (spool.hitBound()) {
                m.report("scan.limit", Verdict.SUSPICIOUS, "not fully scanned: entry inflates beyond " + bound + " bytes", e.name, -1);
            } else if (spool.failure() == null && spool.input().size() != e.usize) {
                m.report("zip.size-mismatch", Verdict.SUSPICIOUS, "entry inflates to " + spool.input().size()
                        + " bytes but declares " + e.usize, e.name, -1);
            }
            return new Member(spool.input(), spool, e);
        } finally {
            inflater.end();
        }
    }

    // ---- what the central directory does not list --------------------------------------------------

    private static void scanGaps(ScanInput in, AnalysisContext ctx, List<Entry> entries, long centralStart) throws IOException {
        List<long[]> covered = new ArrayList<>();
        for (Entry e : entries) {
            if (e.dataStart >= 0) {
                covered.add(new long[] {e.localOffset, e.dataStart + e.csize});
            }
        }
        covered.add(new long[] {centralStart, in.size()});
        covered.sort(Comparator.comparingLong(r -> r[0]));
        long cursor = 0;
        Set<Long> known = new HashSet<>();
        for (Entry e : entries) {
            known.add(e.localOffset);
        }
        long scanned = 0;
        for (long[] r : covered) {
            if (r[0] > cursor) {
                long len = r[0] - cursor;
                scanned += len;
                if (scanned > MAX_GAP_SCAN) {
                    throw new ScanLimitException("more than " + MAX_GAP_SCAN + " bytes between zip entries");
                }
                walkLocalHeaders(in, ctx, cursor, r[0], known, "not listed in the central directory");
            }
            cursor = Math.max(cursor, r[1]);
        }
    }

    /** Finds local headers in {@code [from, to)} that the central directory does not list, reports and scans them. */
    private static void walkLocalHeaders(ScanInput in, AnalysisContext ctx, long from, long to, Set<Long> known, String why)
            throws IOException {
        long len = to - from;
        if (len < 4) {
            return;
        }
        if (len > MAX_GAP_SCAN) {
            throw new ScanLimitException("more than " + MAX_GAP_SCAN + " bytes of zip data outside the directory");
        }
        byte[] gap = in.readFully(from, (int) len);
        ByteBuffer g = ByteBuffer.wrap(gap).order(ByteOrder.LITTLE_ENDIAN);
        boolean reportedData = false;
        for (int i = 0; i + 30 <= gap.length; i++) {
            if (g.getInt(i) != LOC_SIG || known.contains(from + i)) {
                continue;
            }
            ctx.checkDeadline();
            int flags = g.getShort(i + 6) & 0xffff;
            int method = g.getShort(i + 8) & 0xffff;
            long crc = g.getInt(i + 14) & 0xffffffffL;
            long csize = g.getInt(i + 18) & 0xffffffffL;
            long usize = g.getInt(i + 22) & 0xffffffffL;
            int nameLen = g.getShort(i + 26) & 0xffff;
            int extraLen = g.getShort(i + 28) & 0xffff;
            if (i + 30L + nameLen > gap.length) {
                continue;
            }
            String name = new String(gap, i + 30, nameLen, StandardCharsets.UTF_8);
            long dataStart = from + i + 30 + nameLen + extraLen;
            long available = to - dataStart;
            if (available < 0) {
                continue;
            }
            if ((flags & 0x08) != 0 && csize == 0 || csize > available) {
                csize = available;
            }
            String member = "unlisted@" + (from + i) + ":" + name;
            ctx.member(member).report("zip.unreferenced-local-header", Verdict.SUSPICIOUS,
                    "local header for '" + name + "' is " + why + ": readers that walk local headers see a file others do not",
                    name, from + i);
            Entry e = new Entry(name, flags, method, crc, csize, usize, from + i);
            e.dataStart = dataStart;
            try (Member m = open(in, ctx, e)) {
                if (m != null) {
                    ctx.scanNested(member, m.input);
                }
            }
            i += 29;
            reportedData = true;
        }
        if (!reportedData && from == 0 && len > 0 && !(gap.length >= 4 && g.getInt(0) == LOC_SIG)) {
            ctx.report("zip.prefix-data", Verdict.SUSPICIOUS, len + " bytes before the first zip entry", "", 0);
        }
    }

    /** An InputStream over a ScanInput slice, for the inflater. */
    static final class SliceStream extends InputStream {
        private final ScanInput in;
        private long pos;

        SliceStream(ScanInput in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos >= in.size()) {
                return -1;
            }
            int n = in.read(pos, ByteBuffer.wrap(b, off, (int) Math.min(len, in.size() - pos)));
            if (n > 0) {
                pos += n;
            }
            return n;
        }
    }
}
