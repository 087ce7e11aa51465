package dev.tightrope.scan.formats;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.base.UntrustedJson;
import dev.tightrope.scan.ScanInput;
import dev.tightrope.scan.Verdict;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Every untrusted JSON document the analyzers read goes through {@link UntrustedJson} with the
 * scanner's bounds: duplicate keys are errors (loaders disagree on which value wins, which hides
 * content from scanners), nesting and token sizes are bounded, nothing non-standard is accepted.
 */
final class StrictJson {
    static final int MAX_NESTING = 512;

    /**
     * Deep enough for real Keras configs; the document bound is the largest JSON the analyzers
     * parse, a safetensors header at its 100,000,000-byte limit (other documents are refused
     * above {@link #MAX_DOCUMENT} before parsing).
     */
    static final JsonLimits LIMITS = new JsonLimits(MAX_NESTING, 64 * 1024 * 1024, JsonLimits.LONGEST_PLAIN_NUMBER, 100_000_000L);

    private static final UntrustedJson JSON = UntrustedJson.withLimits(LIMITS);

    /** JSON documents larger than this are reported as not scanned rather than parsed. */
    static final long MAX_DOCUMENT = 64L * 1024 * 1024;

    private StrictJson() {
    }

    /** Jackson reports duplicates as a parse error; this tells them apart from syntax errors. */
    static boolean isDuplicateKey(StreamReadException e) {
        return UntrustedJson.isDuplicateKey(e);
    }

    /** A parser for a header walked token by token (safetensors), under the same bounds. */
    static JsonParser parser(InputStream in) throws IOException {
        return JSON.parser(in);
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
            JsonNode node = JSON.read(in);
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
     * The leading bytes as text, decoded the way Python's {@code json.detect_encoding} chooses
     * (BOMs, then the zero-byte patterns of UTF-16/32, else UTF-8), because Keras reads
     * {@code config.json} with {@code json.loads(bytes)}: a UTF-16 config is as live as a UTF-8 one.
     * Undecodable bytes become U+FFFD; a cut-off last character does not matter for sniffing.
     */
    static String headText(byte[] head, int length) {
        int n = Math.max(0, Math.min(length, head.length));
        String charset;
        int skip = 0;
        if (startsWith(head, n, 0x00, 0x00, 0xFE, 0xFF)) {
            charset = "UTF-32BE";
            skip = 4;
        } else if (startsWith(head, n, 0xFF, 0xFE, 0x00, 0x00)) {
            charset = "UTF-32LE";
            skip = 4;
        } else if (startsWith(head, n, 0xFE, 0xFF)) {
            charset = "UTF-16BE";
            skip = 2;
        } else if (startsWith(head, n, 0xFF, 0xFE)) {
            charset = "UTF-16LE";
            skip = 2;
        } else if (startsWith(head, n, 0xEF, 0xBB, 0xBF)) {
            charset = "UTF-8";
            skip = 3;
        } else if (n >= 4 && head[0] == 0) {
            charset = head[1] != 0 ? "UTF-16BE" : "UTF-32BE";
        } else if (n >= 4 && head[1] == 0) {
            charset = head[2] != 0 || head[3] != 0 ? "UTF-16LE" : "UTF-32LE";
        } else {
            charset = "UTF-8";
        }
        if (!java.nio.charset.Charset.isSupported(charset)) {
            return "";
        }
        return new String(head, skip, n - skip, java.nio.charset.Charset.forName(charset));
    }

    private static boolean startsWith(byte[] head, int length, int... prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((head[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the text opens a JSON object: '{' then, after whitespace, '"' or '}'. A Jinja
     * template also starts with '{' but continues with '%' or '{'.
     */
    static boolean startsWithObject(String text) {
        boolean open = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                continue;
            }
            if (!open && c == '{') {
                open = true;
                continue;
            }
            return open && (c == '"' || c == '}');
        }
        return false;
    }
}
