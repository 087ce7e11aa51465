package dev.tightrope.scan.formats;

import dev.tightrope.scan.AnalysisContext;
import dev.tightrope.scan.FormatAnalyzer;
import dev.tightrope.scan.ModelFormat;
import dev.tightrope.scan.ScanInput;
import dev.tightrope.scan.Verdict;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * GGUF (llama.cpp / ggml) headers, key-value metadata and tensor infos, checked as the hardened
 * loader checks them (spec: ggml docs/gguf.md; rules: scanning.md section 6). The KV section is
 * streamed with positioned reads, so a tokenizer vocabulary of tens of megabytes costs a window of
 * memory; tensor data is never read. Chat templates are matched against {@link ChatTemplateRules}.
 */
public final class GgufAnalyzer implements FormatAnalyzer {
    private static final byte[] MAGIC = {'G', 'G', 'U', 'F'};
    private static final int HEADER = 24;
    private static final int MIN_KV_BYTES = 13;
    private static final int MIN_TENSOR_INFO_BYTES = 24;
    private static final int MAX_KEY_BYTES = 65_535;
    /** ggml's GGML_MAX_NAME is 64 including the terminating NUL. */
    private static final int MAX_TENSOR_NAME_BYTES = 63;
    private static final int MAX_DIMS = 4;
    private static final int MAX_ARRAY_NESTING = 2;
    private static final long MAX_ALIGNMENT = 1L << 20;
    private static final long DEFAULT_ALIGNMENT = 32;
    /** Templates up to this size are matched in one piece; larger ones stream in overlapping chunks. */
    private static final int TEMPLATE_CHUNK = 1 << 20;
    private static final int TEMPLATE_OVERLAP = 256;

    private static final int T_UINT32 = 4;
    private static final int T_BOOL = 7;
    private static final int T_STRING = 8;
    private static final int T_ARRAY = 9;
    private static final int T_COUNT = 13;
    private static final int[] SCALAR_SIZE = {1, 1, 2, 2, 4, 4, 4, 1, -1, -1, 8, 8, 8};
    private static final String[] TYPE_NAMES = {"UINT8", "INT8", "UINT16", "INT16", "UINT32", "INT32",
        "FLOAT32", "BOOL", "STRING", "ARRAY", "UINT64", "INT64", "FLOAT64"};

    /** The spec's lower_snake_case plus '-': llama.cpp architecture names such as command-r prefix real keys. */
    private static final Pattern LOWER_SNAKE_DOTTED = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*");

    @Override
    public ModelFormat format() {
        return ModelFormat.GGUF;
    }

    @Override
    public boolean recognizes(byte[] head, int headLength, long size, String name) {
        return headLength >= 4 && Arrays.equals(head, 0, 4, MAGIC, 0, 4);
    }

    @Override
    public void analyze(ScanInput input, AnalysisContext context) throws IOException {
        FindingBudget findings = new FindingBudget(context);
        InputCursor in = new InputCursor(input, "gguf.truncated");
        try {
            new Walk(in, findings).run();
        } catch (FormatViolation v) {
            findings.report(v.ruleId(), Verdict.INVALID, v.getMessage(), v.evidence(), v.offset());
        } finally {
            findings.flush();
        }
    }

    private record TensorExtent(String name, long offset, long bytes, long infoOffset) {
    }

    /** One pass over one file; holds the state the rules need. */
    private static final class Walk {
        private final InputCursor in;
        private final FindingBudget findings;
        private final Set<String> keys = new HashSet<>();
        private long alignment = DEFAULT_ALIGNMENT;
        private long items;

        Walk(InputCursor in, FindingBudget findings) {
            this.in = in;
            this.findings = findings;
        }

        void run() throws IOException, FormatViolation {
            if (in.size() < HEADER) {
                throw new FormatViolation("gguf.truncated", "a GGUF header needs 24 bytes; the file has " + in.size(),
                        "size=" + in.size(), 0);
            }
            in.skip(4);
            long version = in.u32();
            if (version != 2 && version != 3) {
                throw new FormatViolation("gguf.version", "GGUF version " + version + " is not 2 or 3",
                        "version=" + version, 4);
            }
            long tensorCount = in.u64();
            long kvCount = in.u64();
            checkCounts(tensorCount, kvCount);
            for (long i = 0; i < kvCount; i++) {
                tick();
                readKeyValue();
            }
            List<TensorExtent> tensors = readTensorInfos(tensorCount);
            checkData(tensors);
        }

        private void checkCounts(long tensorCount, long kvCount) throws FormatViolation {
            long remaining = in.size() - HEADER;
            boolean tensorsFit = Long.compareUnsigned(tensorCount, remaining / MIN_TENSOR_INFO_BYTES) <= 0;
            boolean kvsFit = Long.compareUnsigned(kvCount, remaining / MIN_KV_BYTES) <= 0;
            if (!tensorsFit || !kvsFit
                    || tensorCount * MIN_TENSOR_INFO_BYTES + kvCount * MIN_KV_BYTES > remaining) {
                throw new FormatViolation("gguf.count-exceeds-file",
                        "tensor_count " + Long.toUnsignedString(tensorCount) + " and kv_count "
                                + Long.toUnsignedString(kvCount) + " need more bytes than the file has"
                                + " (CVE-2024-23605 heap overflow class)",
                        "tensor_count=" + Long.toUnsignedString(tensorCount) + " kv_count="
                                + Long.toUnsignedString(kvCount) + " size=" + in.size(), 8);
            }
        }

        private void readKeyValue() throws IOException, FormatViolation {
            long keyOffset = in.position();
            String key = readKey();
            if (!keys.add(key)) {
                findings.report("gguf.duplicate-key", Verdict.INVALID,
                        "metadata key appears twice; loaders disagree on which value wins", key, keyOffset);
            }
            long typeOffset = in.position();
            long type = in.u32();
            if (type >= T_COUNT) {
                throw new FormatViolation("gguf.value-type", "value type " + type + " of key " + key + " is not 0-12",
                        key + " type=" + type, typeOffset);
            }
            if (key.equals("general.alignment")) {
                readAlignment((int) type, typeOffset);
            } else if (type == T_STRING && isChatTemplateKey(key)) {
                readTemplate(key);
            } else {
                skipValue((int) type, key, 0);
            }
        }

        private String readKey() throws IOException, FormatViolation {
            long at = in.position();
            long length = stringLength("gguf.string-out-of-bounds");
            if (length > MAX_KEY_BYTES || length == 0) {
                throw new FormatViolation("gguf.key-invalid", "metadata key length " + length + " is not 1-65535",
                        "length=" + length, at);
            }
            byte[] raw = in.bytes((int) length);
            for (byte b : raw) {
                if (b < 0x20 || b == 0x7F) {
                    throw new FormatViolation("gguf.key-invalid", "metadata key is not printable ASCII",
                            new String(raw, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7E]", "?"), at);
                }
            }
            String key = new String(raw, StandardCharsets.US_ASCII);
            if (!LOWER_SNAKE_DOTTED.matcher(key).matches()) {
                findings.report("gguf.key-format", Verdict.SUSPICIOUS,
                        "metadata key is not dotted lower_snake_case as the GGUF spec requires", key, at);
            }
            return key;
        }

        private long stringLength(String rule) throws IOException, FormatViolation {
            long at = in.position();
            long length = in.u64();
            if (length < 0 || length > in.remaining()) {
                throw new FormatViolation(rule, "string length " + Long.toUnsignedString(length)
                        + " exceeds the " + in.remaining() + " bytes that remain", "length=" + Long.toUnsignedString(length), at);
            }
            return length;
        }

        private void readAlignment(int type, long typeOffset) throws IOException, FormatViolation {
            if (type != T_UINT32) {
                findings.report("gguf.alignment", Verdict.INVALID, "general.alignment must be UINT32, found " + TYPE_NAMES[type],
                        "type=" + TYPE_NAMES[type], typeOffset);
                skipValue(type, "general.alignment", 0);
                return;
            }
            long value = in.u32();
            if (value == 0 || (value & (value - 1)) != 0 || value > MAX_ALIGNMENT) {
                throw new FormatViolation("gguf.alignment",
                        "general.alignment " + value + " is not a power of two up to 1 MiB", "alignment=" + value, typeOffset + 4);
            }
            alignment = value;
        }

        private void readTemplate(String key) throws IOException, FormatViolation {
            long length = stringLength("gguf.string-out-of-bounds");
            long start = in.position();
            ChatTemplateRules.Accumulator matches = new ChatTemplateRules.Accumulator();
            long done = 0;
            while (done < length) {
                long pieceStart = Math.max(0, done - (done == 0 ? 0 : TEMPLATE_OVERLAP));
                int pieceLength = (int) Math.min(TEMPLATE_CHUNK, length - pieceStart);
                in.seek(start + pieceStart);
                byte[] piece = in.bytes(pieceLength);
                // Latin-1 keeps one char per byte, so indexes are byte offsets and the ASCII patterns still match.
                matches.add(new String(piece, StandardCharsets.ISO_8859_1), pieceStart);
                done = pieceStart + pieceLength;
                tick();
            }
            in.seek(start + length);
            ChatTemplateRules.report(findings.context(), "gguf.chat-template-ssti", key, matches.matches(), start);
        }

        private void skipValue(int type, String key, int nesting) throws IOException, FormatViolation {
            if (type == T_STRING) {
                in.skip(stringLength("gguf.string-out-of-bounds"));
            } else if (type == T_ARRAY) {
                skipArray(key, nesting + 1);
            } else if (type == T_BOOL) {
                checkBool(key);
            } else {
                in.skip(SCALAR_SIZE[type]);
            }
        }

        private void checkBool(String key) throws IOException, FormatViolation {
            long at = in.position();
            int v = in.u8();
            if (v > 1) {
                findings.report("gguf.bool-value", Verdict.INVALID, "BOOL value " + v + " is not 0 or 1", key + "=" + v, at);
            }
        }

        private void skipArray(String key, int nesting) throws IOException, FormatViolation {
            long at = in.position();
            if (nesting > MAX_ARRAY_NESTING) {
                throw new FormatViolation("gguf.array-nesting", "arrays nested deeper than " + MAX_ARRAY_NESTING
                        + " levels in " + key, key, at);
            }
            long elementType = in.u32();
            if (elementType >= T_COUNT) {
                throw new FormatViolation("gguf.value-type", "array element type " + elementType + " of key " + key
                        + " is not 0-12", key + " type=" + elementType, at);
            }
            long count = in.u64();
            int type = (int) elementType;
            long minElement = SCALAR_SIZE[type] > 0 ? SCALAR_SIZE[type] : (type == T_STRING ? 8 : 12);
            if (count < 0 || count > in.remaining() / minElement) {
                throw new FormatViolation("gguf.array-out-of-bounds", "array of " + Long.toUnsignedString(count) + " "
                        + TYPE_NAMES[type] + " in " + key + " needs more than the " + in.remaining() + " bytes that remain",
                        key + " count=" + Long.toUnsignedString(count), at);
            }
            if (type == T_BOOL) {
                for (long i = 0; i < count; i++) {
                    checkBool(key);
                    if ((i & 0xFFFF) == 0) {
                        tick();
                    }
                }
            } else if (SCALAR_SIZE[type] > 0) {
                in.skip(count * SCALAR_SIZE[type]);
            } else {
                for (long i = 0; i < count; i++) {
                    skipValue(type, key, nesting);
                    if ((i & 0xFFF) == 0) {
                        tick();
                    }
                }
            }
        }

        private List<TensorExtent> readTensorInfos(long count) throws IOException, FormatViolation {
            Set<String> names = new HashSet<>();
            List<TensorExtent> tensors = new ArrayList<>((int) Math.min(count, 1 << 16));
            for (long i = 0; i < count; i++) {
                tick();
                long infoOffset = in.position();
                long nameLength = stringLength("gguf.string-out-of-bounds");
                if (nameLength > MAX_TENSOR_NAME_BYTES) {
                    throw new FormatViolation("gguf.tensor-name", "tensor name of " + nameLength
                            + " bytes exceeds ggml's 63-byte limit", "length=" + nameLength, infoOffset);
                }
                String name = new String(in.bytes((int) nameLength), StandardCharsets.UTF_8);
                if (!names.add(name)) {
                    findings.report("gguf.duplicate-tensor", Verdict.INVALID, "tensor name appears twice", name, infoOffset);
                }
                long dimsOffset = in.position();
                long nDims = in.u32();
                if (nDims > MAX_DIMS) {
                    throw new FormatViolation("gguf.tensor-dims", "tensor " + name + " has " + nDims + " dimensions; ggml allows 4",
                            name + " n_dims=" + nDims, dimsOffset);
                }
                long[] ne = new long[(int) nDims];
                long elements = 1;
                boolean overflow = false;
                for (int d = 0; d < nDims; d++) {
                    ne[d] = in.u64();
                    if (ne[d] < 1) {
                        throw new FormatViolation("gguf.tensor-dims", "tensor " + name + " dimension " + d + " is "
                                + Long.toUnsignedString(ne[d]) + "; dimensions must be 1 to INT64_MAX (CVE-2024-21802)",
                                name + " ne[" + d + "]=" + Long.toUnsignedString(ne[d]), dimsOffset + 4 + 8L * d);
                    }
                    long product = elements * ne[d];
                    if (Math.multiplyHigh(elements, ne[d]) != 0 || product < 0) {
                        overflow = true;
                    }
                    elements = product;
                }
                long typeOffset = in.position();
                long type = in.u32();
                long offset = in.u64();
                if (overflow) {
                    throw new FormatViolation("gguf.tensor-size-overflow", "element count of tensor " + name
                            + " overflows int64", name + " ne=" + Arrays.toString(ne), dimsOffset);
                }
                if (!GgmlTypes.known(type)) {
                    throw new FormatViolation("gguf.tensor-type", "tensor " + name + " has ggml type " + type
                            + ", which is unknown or removed", name + " type=" + type, typeOffset);
                }
                long bytes = byteSize(name, ne, elements, (int) type, dimsOffset);
                if (offset < 0 || offset % alignment != 0) {
                    throw new FormatViolation("gguf.tensor-offset-misaligned", "tensor " + name + " offset "
                            + Long.toUnsignedString(offset) + " is not a multiple of the alignment " + alignment,
                            name + " offset=" + Long.toUnsignedString(offset), typeOffset + 4);
                }
                tensors.add(new TensorExtent(name, offset, bytes, infoOffset));
            }
            return tensors;
        }

        /** ne * type_size / block_size, checked the way the GHSA-3p4r-fq3f-q74v fix does. */
        private long byteSize(String name, long[] ne, long elements, int type, long at) throws FormatViolation {
            int block = GgmlTypes.blockSize(type);
            int typeSize = GgmlTypes.typeSize(type);
            long first = ne.length == 0 ? 1 : ne[0];
            if (first % block != 0) {
                throw new FormatViolation("gguf.tensor-block-misaligned", "tensor " + name + " row of " + first
                        + " elements is not a multiple of the " + GgmlTypes.name(type) + " block size " + block,
                        name + " ne[0]=" + first, at);
            }
            long blocks = elements / block;
            if (Math.multiplyHigh(blocks, typeSize) != 0 || blocks * typeSize < 0) {
                throw new FormatViolation("gguf.tensor-size-overflow", "byte size of tensor " + name
                        + " overflows int64 (GHSA-3p4r-fq3f-q74v)", name + " elements=" + elements + " type=" + GgmlTypes.name(type), at);
            }
            return blocks * typeSize;
        }

        private void checkData(List<TensorExtent> tensors) throws FormatViolation {
            if (tensors.isEmpty()) {
                return;
            }
            long infoEnd = in.position();
            long dataStart = (infoEnd + alignment - 1) / alignment * alignment;
            if (dataStart > in.size()) {
                throw new FormatViolation("gguf.data-out-of-bounds", "tensor data would start at " + dataStart
                        + ", past the end of the file", "size=" + in.size(), infoEnd);
            }
            long room = in.size() - dataStart;
            List<TensorExtent> byOffset = new ArrayList<>(tensors);
            byOffset.sort(Comparator.comparingLong(TensorExtent::offset));
            TensorExtent previous = null;
            for (TensorExtent t : byOffset) {
                if (t.offset() > room || t.bytes() > room - t.offset()) {
                    findings.report("gguf.data-out-of-bounds", Verdict.INVALID, "tensor " + t.name() + " data ["
                            + t.offset() + ", +" + t.bytes() + ") runs past the end of the file",
                            t.name() + " offset=" + t.offset() + " bytes=" + t.bytes() + " data_start=" + dataStart, t.infoOffset());
                }
                if (previous != null && t.offset() < end(previous)) {
                    findings.report("gguf.tensor-overlap", Verdict.INVALID, "tensor " + t.name() + " overlaps tensor "
                            + previous.name(), previous.name() + " [" + previous.offset() + ", +" + previous.bytes() + ") / "
                            + t.name() + " [" + t.offset() + ", +" + t.bytes() + ")", t.infoOffset());
                }
                if (previous == null || end(t) > end(previous)) {
                    previous = t;
                }
            }
        }

        private static long end(TensorExtent t) {
            long end = t.offset() + t.bytes();
            return end < 0 ? Long.MAX_VALUE : end;
        }

        private boolean isChatTemplateKey(String key) {
            return key.equals("tokenizer.chat_template") || key.startsWith("tokenizer.chat_template.");
        }

        private void tick() {
            if ((++items & 0xFF) == 0) {
                findings.context().checkDeadline();
            }
        }
    }
}
