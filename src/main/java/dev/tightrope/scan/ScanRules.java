package dev.tightrope.scan;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rule ids the scanner reports, with a title and help text for reports (SARIF rule
 * metadata). Ids are stable: tools and suppressions key on them.
 */
public final class ScanRules {

    /** A rule's id, its usual verdict, a short title and a help text. */
    public record Rule(String id, Verdict verdict, String title, String help) {
    }

    private static final Map<String, Rule> RULES = new LinkedHashMap<>();

    private static void rule(String id, Verdict v, String title, String help) {
        RULES.put(id, new Rule(id, v, title, help));
    }

    static {
        rule("pickle.denied-import", Verdict.DANGEROUS, "Pickle imports a denied module or name",
                "The pickle imports a module or name on the deny list (code execution, file or network access, nested loaders,"
                        + " interpreters). Loading it with pickle, torch.load or joblib.load runs that code. Do not load the file.");
        rule("pickle.dunder-import", Verdict.DANGEROUS, "Pickle import has a dunder component",
                "Names such as __builtins__, __globals__ or __subclasses__ reach interpreter internals from any module.");
        rule("pickle.unknown-import", Verdict.SUSPICIOUS, "Pickle imports a class off the allow list",
                "The import is neither allowed nor denied. Loading runs that class's code; vet it and add it to the policy if expected.");
        rule("pickle.unresolvable-import", Verdict.DANGEROUS, "STACK_GLOBAL operands are not strings",
                "The module or name of a STACK_GLOBAL comes from a value that is not a string, so the import cannot be known statically.");
        rule("pickle.missing-memo", Verdict.DANGEROUS, "Memo read before write",
                "A GET reads a memo key never stored. The unpickler fails only after running what came before; scanners that guess mis-map it.");
        rule("pickle.build-on-global", Verdict.DANGEROUS, "BUILD sets attributes on an imported object",
                "BUILD applied to a module or class itself is setattr on it, which can rewire code that runs later.");
        rule("pickle.method-call-on-global", Verdict.DANGEROUS, "APPEND/SETITEM/ADDITEMS on an imported object",
                "These opcodes call the target's own append, extend, __setitem__ or add method when it is not a plain container.");
        rule("pickle.call-on-unknown", Verdict.SUSPICIOUS, "Call on a value the scan cannot know",
                "A call site targets a persistent object, an extension-registry object or an out-of-band value.");
        rule("pickle.extension-code", Verdict.SUSPICIOUS, "EXT opcode",
                "EXT1/2/4 load objects from the copyreg extension registry, which lives outside the file.");
        rule("pickle.persistent-id", Verdict.SUSPICIOUS, "Persistent id outside PyTorch's storage form",
                "The loader's own persistent_load resolves it; the scan cannot see what it returns.");
        rule("pickle.out-of-band-buffer", Verdict.SUSPICIOUS, "Out-of-band buffer", "NEXT_BUFFER takes data from outside the stream.");
        rule("pickle.frame-straddle", Verdict.DANGEROUS, "Operand runs past its FRAME",
                "Framed and unframed readers parse different opcodes from the same bytes; both views are analysed.");
        rule("pickle.misplaced-proto", Verdict.SUSPICIOUS, "PROTO is not the first opcode", "A confusion trick against static parsers.");
        rule("pickle.truncated", Verdict.INVALID, "Pickle truncated", "The stream ends inside an opcode or without STOP.");
        rule("pickle.malformed", Verdict.INVALID, "Pickle structure error",
                "Stack underflow, a missing MARK, an unknown opcode or a bad operand: the unpickler stops here after running what came before.");
        rule("pickle.expansion-bomb", Verdict.SUSPICIOUS, "Memo or DUP expansion",
                "Many more memo reads than writes, or many DUPs: shared references can expand far beyond the file size.");
        rule("pickle.trailing-data", Verdict.SUSPICIOUS, "Data after the last pickle",
                "Bytes follow the last STOP; loaders that read on may interpret them.");
        rule("torch.legacy-magic", Verdict.DANGEROUS, "Forged legacy PyTorch magic",
                "The legacy layout's first pickle is not the exact magic literal; torch.load runs any pickle that yields the number.");
        rule("torch.legacy-layout", Verdict.INVALID, "Legacy PyTorch layout broken",
                "Storage sizes or records of the legacy layout do not fit; when the scan cannot resync, the file is not fully scanned.");
        rule("torch.missing-storage", Verdict.INVALID, "Referenced storage missing", "A pickle references data/<key> that the archive lacks.");
        rule("zip.name-mismatch", Verdict.SUSPICIOUS, "Local and central zip names differ",
                "Tools reading different records see different files (GHSA-7q5r-7gvp-wc82); the data is scanned.");
        rule("zip.flag-bits", Verdict.SUSPICIOUS, "Encrypted or patched flag bits",
                "PyTorch ignores flag bits 0x1, 0x20, 0x40 and reads the data in the clear; so does the scan.");
        rule("zip.crc-mismatch", Verdict.SUSPICIOUS, "CRC-32 mismatch", "PyTorch does not check CRCs; other tools reject the file.");
        rule("zip.duplicate-name", Verdict.SUSPICIOUS, "Duplicate zip entry names", "Readers disagree on which entry wins; both are scanned.");
        rule("zip.unreferenced-local-header", Verdict.SUSPICIOUS, "Zip entry missing from the central directory",
                "Readers that walk local headers see a file that directory readers do not; it is scanned.");
        rule("zip.polyglot", Verdict.SUSPICIOUS, "File is also a zip",
                "An end-of-central-directory record closes a file of another format; both views are scanned.");
        rule("zip.prefix-data", Verdict.SUSPICIOUS, "Data before the zip", "Offsets are shifted or bytes precede the first entry.");
        rule("zip.unsupported-method", Verdict.SUSPICIOUS, "Zip compression method not scanned",
                "Only stored and deflated entries are read (as PyTorch does).");
        rule("zip.size-mismatch", Verdict.SUSPICIOUS, "Zip entry sizes disagree", "Declared and actual sizes differ.");
        rule("zip.corrupt-data", Verdict.INVALID, "Corrupt deflated data", "The entry does not inflate; its readable prefix is scanned.");
        rule("zip.overlap", Verdict.INVALID, "Overlapping zip entries", "One byte range is read as two files (zip bomb or confusion).");
        rule("zip.out-of-bounds", Verdict.INVALID, "Zip entry outside the file", "Offsets or sizes point past the end of the file.");
        rule("zip.malformed", Verdict.INVALID, "Zip structure broken", "The end record or central directory is missing or inconsistent.");
        rule("zip.path-traversal", Verdict.DANGEROUS, "Zip entry escapes the extraction directory",
                "Absolute names, drive letters, backslashes or '..' write outside the target when extracted.");
        rule("npy.object-array", Verdict.SUSPICIOUS, "NumPy object array",
                "The body is a pickle that np.load runs with allow_pickle=True (CVE-2019-6446); it is simulated.");
        rule("npy.malformed-header", Verdict.INVALID, ".npy header invalid",
                "The header is not a bounded dict literal of exactly descr, fortran_order and shape.");
        rule("npy.unsupported-version", Verdict.INVALID, ".npy version unknown", "Only format versions 1.0, 2.0 and 3.0 exist.");
        rule("npy.size-mismatch", Verdict.INVALID, ".npy body size wrong", "The body is not shape × item size bytes (truncated or trailing data).");
        rule("npy.header-unaligned", Verdict.SUSPICIOUS, ".npy data not 64-byte aligned", "NumPy aligns the data start to 64 bytes.");
        rule("joblib.resync-failed", Verdict.SUSPICIOUS, "joblib array could not be skipped",
                "The raw array after a NumpyArrayWrapper could not be sized, so the rest of the pickle was not scanned.");
        rule("joblib.padding", Verdict.SUSPICIOUS, "joblib alignment padding odd", "Padding before a raw array is larger than declared or not 0xff.");
        rule("tar.malformed", Verdict.INVALID, "Tar structure broken", "Bad checksum or a member past the end.");
        rule("tar.path-traversal", Verdict.DANGEROUS, "Tar member escapes the extraction directory", "Absolute names or '..' components.");
        rule("tar.link-member", Verdict.SUSPICIOUS, "Tar link member",
                "A link member; DANGEROUS when torch.load extracts it and reads its target.");
        rule("compressed.corrupt", Verdict.INVALID, "Compressed stream corrupt", "The stream does not decompress; its readable prefix is scanned.");
        rule("compressed.not-scanned", Verdict.SUSPICIOUS, "Compressed content not scanned", "zstd streams and 7z archives are not opened.");
        rule("format.unrecognised", Verdict.SUSPICIOUS, "Unrecognised binary content",
                "No analyzer recognised the content and it is not a pickle; it was not analysed.");
        rule("format.python-source", Verdict.SUSPICIOUS, "Python source in a model",
                "Runs when the model is loaded with trust_remote_code or imported.");
        rule("format.truncated", Verdict.INVALID, "Content truncated", "The content ends before its structure does.");
        rule("file.symlink", Verdict.SUSPICIOUS, "Symbolic link not followed", "Its target lies outside what was scanned.");
        rule("file.digest-mismatch", Verdict.INVALID, "Content differs from its cache digest",
                "A model cache (Hugging Face blobs, Ollama layers) names the file by the SHA-256 of what was downloaded; this file's "
                        + "bytes hash to something else, so it was altered or damaged after the download. Download it again.");
        rule("file.not-regular", Verdict.SUSPICIOUS, "Not a regular file", "Devices, sockets and pipes are not read.");
        rule("scan.limit", Verdict.SUSPICIOUS, "Not fully scanned", "A resource bound (opcodes, stack, memo, size, nesting, time) was hit.");
        rule("scan.read-error", Verdict.SUSPICIOUS, "Read error", "The file could not be read completely.");
        rule("scan.analyzer-error", Verdict.SUSPICIOUS, "Analyzer failure", "An analyzer failed on this content; it was not fully scanned.");
    }

    private ScanRules() {
    }

    /** Every known rule, in catalogue order. */
    public static Map<String, Rule> all() {
        return java.util.Collections.unmodifiableMap(RULES);
    }

    /** The rule for {@code id}; ids from analyzers not catalogued here get a generic entry. */
    public static Rule describe(String id) {
        Rule r = RULES.get(id);
        if (r != null) {
            return r;
        }
        return new Rule(id, Verdict.SUSPICIOUS, id, "Reported by the " + id.split("\\.")[0] + " analyzer.");
    }
}
