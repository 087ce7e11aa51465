package dev.tightrope.scan.formats;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.tightrope.scan.AnalysisContext;
import dev.tightrope.scan.FormatAnalyzer;
import dev.tightrope.scan.ModelFormat;
import dev.tightrope.scan.ScanInput;
import dev.tightrope.scan.Verdict;

import java.io.CharConversionException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * safetensors (huggingface/safetensors#format): an 8-byte little-endian header length, a JSON
 * header, then tensor bytes that the header must cover exactly. The header is parsed as a stream
 * (never materialised as a tree) and every tensor's offsets are checked against its dtype and shape
 * with overflow-checked arithmetic; the data is never read.
 *
 * <p>The format has no magic number: a file is safetensors when a JSON object opens at offset 8
 * and the header length before it fits the file. Content no analyzer claims (not a pickle either)
 * with a JSON object at offset 8 but an absurd length is a malformed safetensors file, reported
 * as INVALID with the reason rather than as an unknown format; the 8 length bytes must then be
 * binary or the name say safetensors, since text can also have a brace there ({@code model = {}}).
 */
public final class SafetensorsAnalyzer implements FormatAnalyzer {

    /** dtype name to bits per element, as in the format's Dtype enum. */
    private static final Map<String, Integer> DTYPE_BITS = Map.ofEntries(
            Map.entry("BOOL", 8), Map.entry("F4", 4), Map.entry("F6_E2M3", 6), Map.entry("F6_E3M2", 6),
            Map.entry("U8", 8), Map.entry("I8", 8), Map.entry("F8_E5M2", 8), Map.entry("F8_E4M3", 8),
            Map.entry("F8_E8M0", 8), Map.entry("F8_E4M3FNUZ", 8), Map.entry("F8_E5M2FNUZ", 8),
            Map.entry("I16", 16), Map.entry("U16", 16), Map.entry("F16", 16), Map.entry("BF16", 16),
            Map.entry("I32", 32), Map.entry("U32", 32), Map.entry("F32", 32), Map.entry("C64", 64),
            Map.entry("F64", 64), Map.entry("I64", 64), Map.entry("U64", 64));

    @Override
    public ModelFormat format() {
        return ModelFormat.SAFETENSORS;
    }

    @Override
    public boolean recognizes(byte[] head, int headLength, long size, String name) {
        if (headLength < 10 || size < 10 || !opensJsonObject(head, headLength)) {
            return false;
        }
        long n = 0;
        for (int i = 7; i >= 0; i--) {
            n = n << 8 | (head[i] & 0xFF);
        }
        return n >= 2 && n <= size - 8;
    }

    @Override
    public boolean recognizesMalformed(byte[] head, int headLength, long size, String name) {
        return headLength >= 10 && opensJsonObject(head, headLength) && (!isText(head, 8) || name.endsWith(".safetensors"));
    }

    /** A '{' at offset 8, then optional whitespace and a key or the closing brace. */
    private static boolean opensJsonObject(byte[] head, int headLength) {
        if (head[8] != '{') {
            return false;
        }
        for (int i = 9; i < headLength; i++) {
            byte b = head[i];
            if (b == '"' || b == '}') {
                return true;
            }
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /** Printable ASCII and whitespace only, as the start of a text file is. */
    private static boolean isText(byte[] head, int n) {
        for (int i = 0; i < n; i++) {
            int b = head[i] & 0xFF;
            if ((b < 0x20 || b > 0x7E) && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void analyze(ScanInput input, AnalysisContext context) throws IOException {
        FindingBudget findings = new FindingBudget(context);
        try {
            analyze(input, findings);
        } catch (FormatViolation v) {
            findings.report(v.ruleId(), Verdict.INVALID, v.getMessage(), v.evidence(), v.offset());
        } finally {
            findings.flush();
        }
    }

    private record Tensor(String name, long begin, long end) {
    }

    private void analyze(ScanInput input, FindingBudget findings) throws IOException, FormatViolation {
        long size = input.size();
        if (size < 8) {
            throw new FormatViolation("safetensors.too-small", "a safetensors file needs at least 8 bytes", "size=" + size, 0);
        }
        InputCursor cursor = new InputCursor(input, "safetensors.header-out-of-bounds");
        long n = cursor.u64();
        long maxHeader = findings.context().limits().maxSafetensorsHeader();
        boolean pastTheEnd = n < 0 || n > size - 8;
        if (n < 0 || n > maxHeader) {
            throw new FormatViolation("safetensors.header-too-large", String.format("header length %s exceeds the limit of %,d bytes%s",
                    Long.toUnsignedString(n), maxHeader, pastTheEnd ? String.format(" and the %,d bytes the file holds after it", size - 8) : ""),
                    "N=" + Long.toUnsignedString(n) + " size=" + size, 0);
        }
        if (pastTheEnd) {
            throw new FormatViolation("safetensors.header-out-of-bounds", "header length " + n
                    + " runs past the end of the " + size + "-byte file", "N=" + n + " size=" + size, 0);
        }
        if (n == 0) {
            throw new FormatViolation("safetensors.header-not-json", "header length is 0: there is no JSON header", "N=0", 0);
        }
        if (cursor.u8() != '{') {
            throw new FormatViolation("safetensors.header-not-json", "header does not start with '{'", "N=" + n, 8);
        }
        // Loaders decode the header as UTF-8 only. A NUL this early is invalid UTF-8 JSON anyway, and
        // ruling it out keeps Jackson's UTF-16/32 detection (which keys on early zero bytes) out of play.
        for (int i = 1; i < 4 && i < n; i++) {
            if (cursor.u8() == 0) {
                throw new FormatViolation("safetensors.header-not-json", "header is not UTF-8 JSON (NUL byte)", "N=" + n, 8 + i);
            }
        }
        List<Tensor> tensors = parseHeader(input, n, findings);
        checkLayout(tensors, size - 8 - n, n, findings);
    }

    private List<Tensor> parseHeader(ScanInput input, long n, FindingBudget findings) throws IOException, FormatViolation {
        List<Tensor> tensors = new ArrayList<>();
        long consumed;
        try (JsonParser p = StrictJson.parser(new RangeInputStream(input, 8, 8 + n))) {
            p.nextToken();
            JsonToken t;
            int seen = 0;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("__metadata__")) {
                    checkMetadata(p, findings);
                } else {
                    Tensor tensor = readTensor(p, name, findings);
                    if (tensor != null) {
                        tensors.add(tensor);
                    }
                }
                if ((++seen & 0x3FF) == 0) {
                    findings.context().checkDeadline();
                }
            }
            if (t != JsonToken.END_OBJECT) {
                throw new FormatViolation("safetensors.header-not-json", "header is not a JSON object", String.valueOf(t), 8);
            }
            consumed = p.currentLocation().getByteOffset();
        } catch (StreamConstraintsException e) {
            throw new FormatViolation("safetensors.header-not-json", "header exceeds a parser bound: " + e.getOriginalMessage(),
                    "", 8);
        } catch (CharConversionException e) {
            throw new FormatViolation("safetensors.header-not-json", "header is not valid UTF-8: " + e.getMessage(), "", 8);
        } catch (StreamReadException e) {
            long at = 8 + Math.max(0, e.getLocation() == null ? 0 : e.getLocation().getByteOffset());
            if (StrictJson.isDuplicateKey(e)) {
                throw new FormatViolation("safetensors.duplicate-key", "header has a duplicate key; loaders keep only one",
                        e.getOriginalMessage(), at);
            }
            throw new FormatViolation("safetensors.header-not-json", "header is not valid UTF-8 JSON: " + e.getOriginalMessage(),
                    "", at);
        }
        checkHeaderTail(input, consumed, n, findings);
        return tensors;
    }

    /** After the closing brace only 0x20 padding is allowed. */
    private void checkHeaderTail(ScanInput input, long consumed, long n, FindingBudget findings)
            throws IOException, FormatViolation {
        InputCursor cursor = new InputCursor(input, "safetensors.header-out-of-bounds");
        cursor.seek(8 + consumed);
        long end = 8 + n;
        while (cursor.position() < end) {
            long at = cursor.position();
            int b = cursor.u8();
            if (b != ' ') {
                findings.report("safetensors.header-trailing-bytes", Verdict.INVALID,
                        "header has bytes other than space padding after its closing brace",
                        String.format("0x%02x", b), at);
                return;
            }
        }
    }

    private void checkMetadata(JsonParser p, FindingBudget findings) throws IOException {
        long at = 8 + p.currentLocation().getByteOffset();
        if (p.currentToken() != JsonToken.START_OBJECT) {
            findings.report("safetensors.metadata-invalid", Verdict.INVALID, "__metadata__ is not an object",
                    String.valueOf(p.currentToken()), at);
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            if (value != JsonToken.VALUE_STRING) {
                findings.report("safetensors.metadata-invalid", Verdict.INVALID,
                        "__metadata__ values must be strings", key + " is " + value, 8 + p.currentLocation().getByteOffset());
                p.skipChildren();
            }
        }
    }

    private Tensor readTensor(JsonParser p, String name, FindingBudget findings) throws IOException {
        long at = 8 + p.currentLocation().getByteOffset();
        if (p.currentToken() != JsonToken.START_OBJECT) {
            findings.report("safetensors.tensor-invalid", Verdict.INVALID, "tensor entry is not an object", name, at);
            p.skipChildren();
            return null;
        }
        String dtype = null;
        long[] shape = null;
        long[] offsets = null;
        boolean broken = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "dtype" -> {
                    if (p.currentToken() == JsonToken.VALUE_STRING) {
                        dtype = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
                case "shape" -> shape = readIntArray(p, -1);
                case "data_offsets" -> offsets = readIntArray(p, 2);
                default -> {
                    findings.report("safetensors.unknown-field", Verdict.SUSPICIOUS,
                            "tensor entry has a field that loaders ignore", name + "." + field, at);
                    p.skipChildren();
                }
            }
        }
        if (dtype == null || shape == null || offsets == null) {
            findings.report("safetensors.tensor-invalid", Verdict.INVALID,
                    "tensor entry needs a string dtype, a shape of non-negative integers and two non-negative data_offsets",
                    name, at);
            return null;
        }
        Integer bits = DTYPE_BITS.get(dtype);
        if (bits == null) {
            findings.report("safetensors.unknown-dtype", Verdict.INVALID, "dtype is not a safetensors dtype", name + " dtype=" + dtype, at);
            broken = true;
        }
        long begin = offsets[0];
        long end = offsets[1];
        String where = name + " data_offsets=[" + begin + ", " + end + "]";
        if (end < begin) {
            findings.report("safetensors.offsets-invalid", Verdict.INVALID, "data_offsets end before they begin", where, at);
            return null;
        }
        if (!broken) {
            checkSize(name, shape, bits, begin, end, where, at, findings);
        }
        return new Tensor(name, begin, end);
    }

    private void checkSize(String name, long[] shape, int bits, long begin, long end, String where, long at,
                           FindingBudget findings) {
        long total = bits;
        for (long d : shape) {
            if (d != 0 && total > Long.MAX_VALUE / d) {
                findings.report("safetensors.size-overflow", Verdict.INVALID,
                        "shape " + Arrays.toString(shape) + " times " + bits + " bits overflows 64 bits", where, at);
                return;
            }
            total *= d;
        }
        if (total % 8 != 0) {
            findings.report("safetensors.bits-not-byte-aligned", Verdict.INVALID,
                    "tensor " + name + " holds " + total + " bits, not a whole number of bytes", where, at);
            return;
        }
        long span = end - begin;
        if (span > Long.MAX_VALUE / 8 || span * 8 != total) {
            findings.report("safetensors.size-mismatch", Verdict.INVALID,
                    "tensor " + name + " spans " + span + " bytes but shape " + Arrays.toString(shape) + " needs " + total / 8,
                    where, at);
        }
    }

    /** Non-negative integers that fit a long; {@code expected} elements, or any count when -1. Null when malformed. */
    private long[] readIntArray(JsonParser p, int expected) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        long[] values = new long[4];
        int count = 0;
        boolean ok = true;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    || p.getLongValue() < 0) {
                ok = false;
                p.skipChildren();
                continue;
            }
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = p.getLongValue();
        }
        if (!ok || (expected >= 0 && count != expected)) {
            return null;
        }
        return Arrays.copyOf(values, count);
    }

    private void checkLayout(List<Tensor> tensors, long dataLength, long n, FindingBudget findings) {
        tensors.sort((a, b) -> a.begin() != b.begin() ? Long.compare(a.begin(), b.begin()) : Long.compare(a.end(), b.end()));
        long expected = 0;
        Tensor previous = null;
        for (Tensor t : tensors) {
            if (t.begin() > expected) {
                findings.report("safetensors.hole", Verdict.INVALID,
                        "bytes " + expected + ".." + t.begin() + " of the data section belong to no tensor"
                                + (previous == null ? " (the first tensor must begin at 0)" : ""),
                        (previous == null ? "start" : previous.name() + " ends at " + expected) + ", "
                                + t.name() + " begins at " + t.begin(), 8 + n + expected);
            } else if (t.begin() < expected) {
                findings.report("safetensors.overlap", Verdict.INVALID, "tensors " + previous.name() + " and " + t.name()
                                + " share bytes", previous.name() + " ends at " + expected + ", " + t.name()
                                + " data_offsets=[" + t.begin() + ", " + t.end() + "]", 8 + n + t.begin());
            }
            if (t.end() > expected) {
                expected = t.end();
                previous = t;
            } else if (previous == null) {
                previous = t;
            }
        }
        if (expected < dataLength) {
            findings.report("safetensors.trailing-data", Verdict.INVALID,
                    (dataLength - expected) + " bytes after the last tensor belong to no tensor (hidden payload or polyglot)",
                    "covered=" + expected + " data=" + dataLength, 8 + n + expected);
        } else if (expected > dataLength) {
            findings.report("safetensors.data-out-of-bounds", Verdict.INVALID,
                    "tensors extend " + (expected - dataLength) + " bytes past the end of the file",
                    (previous == null ? "" : previous.name() + " ends at " + expected) + ", data=" + dataLength, 8 + n + dataLength);
        }
    }
}
