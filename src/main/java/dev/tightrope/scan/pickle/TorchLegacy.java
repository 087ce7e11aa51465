package dev.tightrope.scan.pickle;

import dev.tightrope.scan.AnalysisContext;
import dev.tightrope.scan.ScanInput;
import dev.tightrope.scan.Verdict;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pre-zip PyTorch layouts, where raw tensor bytes sit between pickles: the stacked layout
 * ({@code _use_new_zipfile_serialization=False}) and the members of the legacy tar. Each pickle
 * is simulated; the raw data is skipped by the sizes the pickles declare, so a pickle hidden
 * after them is still found (reference section 5).
 */
public final class TorchLegacy {

    private static final Map<String, Integer> ELEMENT_SIZES = new HashMap<>();

    static {
        String[][] sizes = {
            {"Double", "8"}, {"Float", "4"}, {"Half", "2"}, {"BFloat16", "2"}, {"Long", "8"}, {"Int", "4"}, {"Short", "2"},
            {"Char", "1"}, {"Byte", "1"}, {"Bool", "1"}, {"ComplexFloat", "8"}, {"ComplexDouble", "16"}, {"QUInt8", "1"},
            {"QInt8", "1"}, {"QInt32", "4"}, {"QUInt4x2", "1"}, {"QUInt2x4", "1"}, {"Untyped", "1"}};
        for (String[] s : sizes) {
            ELEMENT_SIZES.put("torch." + s[0] + "Storage", Integer.parseInt(s[1]));
            ELEMENT_SIZES.put("torch.cuda." + s[0] + "Storage", Integer.parseInt(s[1]));
            ELEMENT_SIZES.put("torch." + s[0] + "Tensor", Integer.parseInt(s[1]));
        }
    }

    private TorchLegacy() {
    }

    /** Element size of a storage or tensor type name, or -1. */
    static int elementSize(String typeName) {
        Integer s = typeName == null ? null : ELEMENT_SIZES.get(typeName);
        return s == null ? -1 : s;
    }

    /** magic, protocol version, sys info, the object pickle, the storage keys, then each storage's raw bytes. */
    public static void scanStacked(ScanInput in, AnalysisContext ctx) throws IOException {
        PickleMachine m = PickleMachine.over(in, 0, in.size(), ctx, PicklePolicy.standard());
        PickleMachine.Result magic = m.runOne();
        if (!magic.complete()) {
            return;
        }
        PickleMachine.Result protocol = m.runOne();
        if (!protocol.complete()) {
            return;
        }
        Long version = PickleMachine.intValue(protocol.value());
        if (version == null || version != 1001L) {
            ctx.report("torch.legacy-layout", Verdict.INVALID, "legacy PyTorch protocol version is not 1001; torch.load rejects it",
                    String.valueOf(version), protocol.start());
        }
        if (!m.runOne().complete()) {
            return;
        }
        if (!m.runOne().complete()) {
            return;
        }
        Map<String, String> typeByKey = new HashMap<>();
        for (PickleMachine.StorageRef s : m.storages()) {
            typeByKey.put(s.key(), s.storageType());
        }
        PickleMachine.Result keysPickle = m.runOne();
        if (!keysPickle.complete()) {
            return;
        }
        List<String> keys = m.stringList(keysPickle.value());
        if (keys == null) {
            notFullyScanned(ctx, "the storage key list is not a list of strings", keysPickle.start());
            return;
        }
        long pos = m.position();
        for (String key : keys) {
            ctx.checkDeadline();
            int elem = elementSize(typeByKey.get(key));
            if (elem < 0) {
                notFullyScanned(ctx, "storage '" + key + "' has no known element type", pos);
                return;
            }
            pos = skipStorage(in, pos, elem, key, ctx);
            if (pos < 0) {
                return;
            }
        }
        m.seek(pos);
        trailing(m, in, ctx);
    }

    /** Reads a storage's int64 element count and skips its bytes; returns the offset after them, or -1. */
    private static long skipStorage(ScanInput in, long pos, int elem, String key, AnalysisContext ctx) throws IOException {
        if (in.size() - pos < 8) {
            ctx.report("torch.legacy-layout", Verdict.INVALID, "storage '" + key + "' is cut off before its size", key, pos);
            return -1;
        }
        long numel = ByteBuffer.wrap(in.readFully(pos, 8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
        long bytes;
        try {
            bytes = Math.multiplyExact(numel, (long) elem);
        } catch (ArithmeticException e) {
            bytes = -1;
        }
        if (numel < 0 || bytes < 0 || bytes > in.size() - pos - 8) {
            ctx.report("torch.legacy-layout", Verdict.INVALID,
                    "storage '" + key + "' declares " + numel + " elements, more than the file holds", key, pos);
            return -1;
        }
        return pos + 8 + bytes;
    }

    /** The count pickle a legacy tar member starts with; null (reported when readable) when it is not a count. */
    private static Long leadingCount(PickleMachine m, AnalysisContext ctx, String what) throws IOException {
        PickleMachine.Result count = m.runOne();
        Long n = count.complete() ? PickleMachine.intValue(count.value()) : null;
        if (n == null || n < 0) {
            if (count.complete()) {
                notFullyScanned(ctx, "the " + what + " count is not an integer", count.start());
            }
            return null;
        }
        return n;
    }

    /** The {@code storages} member of the legacy tar: a count, then (key, location, type) pickles each followed by raw data, then the views. */
    public static void scanTarStorages(ScanInput in, AnalysisContext ctx) throws IOException {
        PickleMachine m = PickleMachine.over(in, 0, in.size(), ctx, PicklePolicy.standard());
        Long n = leadingCount(m, ctx, "storage");
        if (n == null) {
            return;
        }
        for (long i = 0; i < n; i++) {
            ctx.checkDeadline();
            PickleMachine.Result header = m.runOne();
            if (!header.complete()) {
                return;
            }
            List<PickleMachine.Value> t = PickleMachine.tupleItems(header.value());
            int elem = t != null && t.size() == 3 ? elementSize(PickleMachine.globalName(t.get(2))) : -1;
            if (elem < 0) {
                notFullyScanned(ctx, "storage header pickle is not (key, location, storage type)", header.start());
                return;
            }
            long next = skipStorage(in, m.position(), elem, "#" + i, ctx);
            if (next < 0) {
                return;
            }
            m.seek(next);
        }
        m.runOne();
        trailing(m, in, ctx);
    }

    /** The {@code tensors} member: a count, then (key, storage id, type) pickles each followed by ndim, sizes, strides and offset. */
    public static void scanTarTensors(ScanInput in, AnalysisContext ctx) throws IOException {
        PickleMachine m = PickleMachine.over(in, 0, in.size(), ctx, PicklePolicy.standard());
        Long n = leadingCount(m, ctx, "tensor");
        if (n == null) {
            return;
        }
        for (long i = 0; i < n; i++) {
            ctx.checkDeadline();
            PickleMachine.Result header = m.runOne();
            if (!header.complete()) {
                return;
            }
            long pos = m.position();
            if (in.size() - pos < 8) {
                ctx.report("torch.legacy-layout", Verdict.INVALID, "tensor record cut off before its dimensions", "#" + i, pos);
                return;
            }
            long ndim = ByteBuffer.wrap(in.readFully(pos, 4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
            long size = 8 + 16 * ndim + 8;
            if (ndim < 0 || ndim > 64 || size > in.size() - pos) {
                ctx.report("torch.legacy-layout", Verdict.INVALID, "tensor record declares " + ndim + " dimensions, beyond the member",
                        "#" + i, pos);
                return;
            }
            m.seek(pos + size);
        }
        trailing(m, in, ctx);
    }

    /** The {@code pickle} member: the object pickle, whose persistent ids are tensor keys. */
    public static void scanTarPickle(ScanInput in, AnalysisContext ctx) throws IOException {
        PickleMachine m = PickleMachine.over(in, 0, in.size(), ctx, PicklePolicy.standard());
        m.acceptPlainPersistentIds();
        PickleMachine.Result r = m.runOne();
        if (r.complete()) {
            trailing(m, in, ctx);
        }
    }

    private static void trailing(PickleMachine m, ScanInput in, AnalysisContext ctx) throws IOException {
        if (m.position() < in.size()) {
            long at = m.position();
            ctx.report("pickle.trailing-data", Verdict.SUSPICIOUS,
                    (in.size() - at) + " bytes follow the legacy PyTorch layout; torch.load never reads them, another loader may",
                    "", at);
            PickleAnalyzer.scanTrailing(in, at, in.size(), ctx.member("trailing@" + at), PicklePolicy.standard());
        }
    }

    private static void notFullyScanned(AnalysisContext ctx, String why, long offset) {
        ctx.report("torch.legacy-layout", Verdict.SUSPICIOUS, "not fully scanned: " + why, "", offset);
    }
}
