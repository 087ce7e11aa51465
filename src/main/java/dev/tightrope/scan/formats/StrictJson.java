package dev.tightrope.scan.formats;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tightrope.scan.ScanInput;
import dev.tightrope.scan.Verdict;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;

/**
 * One Jackson configuration for every untrusted JSON document the analyzers read: duplicate keys
 * are errors (loaders disagree on which value wins, which hides content from scanners), nesting
 * and token sizes are bounded, nothing non-standard is accepted.
 */
final class StrictJson {
    static final int MAX_NESTING = 512;

    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING)
                    .maxNumberLength(100)
                    .maxStringLength(64 * 1024 * 1024)
                    .build())
            .build();

    static final ObjectMapper MAPPER = new ObjectMapper(FACTORY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** JSON documents larger than this are reported as not scanned rather than parsed. */
    static final long MAX_DOCUMENT = 64L * 1024 * 1024;

    private StrictJson() {
    }

    /** Jackson reports duplicates as a parse error; this tells them apart from syntax errors. */
    static boolean isDuplicateKey(StreamReadException e) {
        String message = e.getOriginalMessage();
        return message != null && message.startsWith("Duplicate field");
    }

    /**
     * Parses a whole document, reporting {@code <prefix>.not-scanned}, {@code <prefix>.duplicate-key}
     * or {@code <prefix>.invalid-json} and returning null when it cannot be used.
     */
    static JsonNode readTree(ScanInput input, String prefix, FindingBudget findings) throws IOException {
        if (input.size() > MAX_DOCUMENT) {
            findings.report(prefix + ".not-scanned", Verdict.SUSPICIOUS, "JSON document of " + input.size()
                    + " bytes exceeds the " + MAX_DOCUMENT + "-byte bound; not fully scanned", "size=" + input.size(), -1);
            return null;
        }
        try (InputStream in = new RangeInputStream(input, 0, input.size())) {
            return readTree(in, prefix, findings, 0);
        }
    }

    /** As above for bytes already in hand (an HDF5 attribute, a protobuf string); {@code base} offsets findings. */
    static JsonNode readTree(InputStream in, String prefix, FindingBudget findings, long base) throws IOException {
        try {
            JsonNode node = MAPPER.readTree(in);
            if (node == null || node.isMissingNode()) {
                findings.report(prefix + ".invalid-json", Verdict.INVALID, "document is empty", "", base);
                return null;
            }
            return node;
        } catch (StreamConstraintsException e) {
            findings.report(prefix + ".not-scanned", Verdict.SUSPICIOUS,
                    "JSON exceeds a parser bound; not fully scanned: " + e.getOriginalMessage(), "", base);
        } catch (StreamReadException e) {
            long at = e.getLocation() == null || base < 0 ? -1 : base + Math.max(0, e.getLocation().getByteOffset());
            if (isDuplicateKey(e)) {
                findings.report(prefix + ".duplicate-key", Verdict.INVALID,
                        "JSON has a duplicate key; loaders keep only one of the values", e.getOriginalMessage(), at);
            } else {
                findings.report(prefix + ".invalid-json", Verdict.INVALID, "not valid JSON: " + e.getOriginalMessage(), "", at);
            }
        } catch (JsonProcessingException e) {
            findings.report(prefix + ".invalid-json", Verdict.INVALID, "not valid JSON: " + e.getOriginalMessage(), "", base);
        } catch (CharConversionException e) {
            // Like Python's json.loads, Jackson accepts UTF-16/32 by their zero-byte patterns; broken ones end here.
            findings.report(prefix + ".invalid-json", Verdict.INVALID, "not valid JSON text: " + e.getMessage(), "", base);
        }
        return null;
    }

    /**
     * Whether the leading bytes (after an optional UTF-8 BOM) open a JSON object: '{' then, after
     * whitespace, '"' or '}'. A Jinja template also starts with '{' but continues with '%' or '{'.
     */
    static boolean startsWithObject(byte[] head, int length) {
        int i = length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF ? 3 : 0;
        boolean open = false;
        for (; i < length; i++) {
            byte b = head[i];
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                continue;
            }
            if (!open && b == '{') {
                open = true;
                continue;
            }
            return open && (b == '"' || b == '}');
        }
        return false;
    }

    /** Whether {@code needle} (ASCII) occurs in the first {@code length} bytes. */
    static boolean contains(byte[] head, int length, String needle) {
        byte[] n = needle.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + n.length <= length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (head[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
