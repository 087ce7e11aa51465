package dev.tightrope.scan;

import dev.tightrope.scan.container.ZipAnalyzer;
import dev.tightrope.scan.pickle.PickleAnalyzer;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The analysis of one file: detects the format of each input by content, dispatches to the
 * analyzer, bounds nesting, time and findings, and turns every failure into a finding (fail
 * closed: an input that could not be fully analysed is never SAFE).
 */
final class FileAnalysis {

    static final int HEAD_BYTES = 64 * 1024;
    static final int MAX_FINDINGS = 1000;
    static final int MAX_NESTED_INPUTS = 100_000;

    private final FormatRegistry registry;
    private final ScanLimits limits;
    private final Path baseDirectory;
    private final long deadline;
    private final BooleanSupplier cancelled;
    private final List<ScanFinding> findings = new ArrayList<>();
    private final List<CrcRange> crcRanges = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private ModelFormat format = ModelFormat.UNKNOWN;
    private int nestedInputs;
    private long decodedBytes;
    private boolean truncatedReported;

    FileAnalysis(FormatRegistry registry, ScanLimits limits, Path baseDirectory, long startNanos, BooleanSupplier cancelled) {
        this.registry = registry;
        this.limits = limits;
        this.baseDirectory = baseDirectory;
        this.deadline = startNanos + limits.maxTimePerFile().toNanos();
        this.cancelled = cancelled;
    }

    /** A CRC-32 the engine checks while digesting the file. */
    record CrcRange(long offset, long length, long expected, String member) {
    }

    List<CrcRange> crcRanges() {
        return crcRanges;
    }

    void crcChecked(CrcRange r, long actual) {
        if (actual != r.expected()) {
            add(new ScanFinding("zip.crc-mismatch", Verdict.SUSPICIOUS, String.format(
                    "CRC-32 is %08x but the directory says %08x: PyTorch does not check it, other tools reject the file",
                    actual, r.expected()), String.format("crc %08x", actual), r.member(), -1));
        }
    }

    ModelFormat format() {
        return format;
    }

    List<ScanFinding> findings() {
        return List.copyOf(findings);
    }

    void analyzeFile(ScanInput input) throws IOException {
        analyze(input, new Node("", 0, true));
    }

    private void analyze(ScanInput input, Node ctx) throws IOException {
        try {
            ctx.checkDeadline();
            int n = (int) Math.min(input.size(), HEAD_BYTES);
            byte[] head = n == 0 ? new byte[0] : readHead(input, n);
            FormatAnalyzer analyzer = registry.detect(head, n, input.size(), input.name());
            if (analyzer != null) {
                ctx.setFormat(analyzer.format());
                analyzer.analyze(input, ctx);
            } else {
                analyzeUnrecognised(input, ctx, head, n);
            }
            if (!(analyzer instanceof ZipAnalyzer) && ZipAnalyzer.hasEndOfCentralDirectory(input)) {
                String what = analyzer == null ? "non-zip" : analyzer.format().label();
                ctx.report("zip.polyglot", Verdict.SUSPICIOUS,
                        "a zip end-of-central-directory record sits in a " + what
                                + " file: loaders that look for it see a second, zip view; scanned both",
                        what, -1);
                registry.zip().analyze(input, ctx.member("zip-view"));
            }
        } catch (ScanCancelledException e) {
            throw e;
        } catch (ScanLimitException e) {
            ctx.report("scan.limit", Verdict.SUSPICIOUS, "not fully scanned: " + e.getMessage(), "", -1);
        } catch (EOFException e) {
            ctx.report("format.truncated", Verdict.INVALID, "content ends before its structure does: " + e.getMessage(), "", -1);
        } catch (IOException e) {
            ctx.report("scan.read-error", Verdict.SUSPICIOUS, "not fully scanned: read failed: " + e.getMessage(), "", -1);
        } catch (RuntimeException e) {
            ctx.report("scan.analyzer-error", Verdict.SUSPICIOUS,
                    "not fully scanned: the analyzer failed on this content (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
                    "", -1);
        } catch (StackOverflowError e) {
            ctx.report("scan.limit", Verdict.SUSPICIOUS, "not fully scanned: structure nested too deeply", "", -1);
        }
    }

    private void analyzeUnrecognised(ScanInput input, Node ctx, byte[] head, int n) throws IOException {
        if (PickleAnalyzer.probe(input, ctx)) {
            ctx.setFormat(ModelFormat.PICKLE);
            return;
        }
        FormatAnalyzer malformed = registry.detectMalformed(head, n, input.size(), input.name());
        if (malformed != null) {
            ctx.setFormat(malformed.format());
            malformed.analyze(input, ctx);
            return;
        }
        if (looksLikeText(head, n)) {
            if (ctx.depth == 0 && input.name().endsWith(".py")) {
                ctx.report("format.python-source", Verdict.SUSPICIOUS,
                        "Python source in a model: runs when the model is loaded with trust_remote_code or imported",
                        input.name(), -1);
            }
            return;
        }
        ctx.report("format.unrecognised", Verdict.SUSPICIOUS,
                "content matches no known model format and is not a pickle; not analysed", hex(head, Math.min(n, 8)), 0);
    }

    /** UTF-8 text without NUL or other control bytes besides whitespace, judged on the leading bytes. */
    static boolean looksLikeText(byte[] head, int n) {
        int i = 0;
        while (i < n) {
            int b = head[i] & 0xff;
            if (b < 0x80) {
                if (b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f') {
                    return false;
                }
                i++;
                continue;
            }
            int len = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 0;
            if (len == 0) {
                return false;
            }
            for (int k = 1; k < len; k++) {
                if (i + k >= n) {
                    return true;
                }
                if ((head[i + k] & 0xc0) != 0x80) {
                    return false;
                }
            }
            i += len;
        }
        return true;
    }

    private static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(String.format("%02x", b[i] & 0xff));
        }
        return sb.toString();
    }

    private static byte[] readHead(ScanInput input, int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(n);
        long pos = 0;
        while (buf.hasRemaining()) {
            int r = input.read(pos, buf);
            if (r < 0) {
                throw new EOFException(input.name() + ": shorter than its declared size");
            }
            pos += r;
        }
        return buf.array();
    }

    private void add(ScanFinding f) {
        String key = f.ruleId() + '\u0000' + f.evidence() + '\u0000' + f.member();
        if (!seen.add(key)) {
            return;
        }
        if (findings.size() >= MAX_FINDINGS) {
            if (!truncatedReported) {
                truncatedReported = true;
                findings.add(new ScanFinding("scan.limit", Verdict.SUSPICIOUS,
                        "more than " + MAX_FINDINGS + " findings; the rest are not listed", "", "", -1));
            }
            if (f.verdict() == Verdict.DANGEROUS && FileScanResult.worstOf(findings) != Verdict.DANGEROUS) {
                findings.add(f);
            }
            return;
        }
        findings.add(f);
    }

    /** The context of one input: the file itself or something nested in it. */
    private final class Node implements AnalysisContext {
        private final String member;
        private final int depth;
        private final boolean refinesFormat;

        Node(String member, int depth, boolean refinesFormat) {
            this.member = member;
            this.depth = depth;
            this.refinesFormat = refinesFormat;
        }

        void setFormat(ModelFormat f) {
            if (depth == 0 || refinesFormat) {
                format = f;
            }
        }

        @Override
        public void report(ScanFinding finding) {
            add(finding);
        }

        @Override
        public String member() {
            return member;
        }

        @Override
        public void scanNested(String memberName, ScanInput content) throws IOException {
            String path = MemberPaths.join(member, memberName);
            if (depth + 1 > limits.maxNestingDepth()) {
                add(new ScanFinding("scan.limit", Verdict.SUSPICIOUS,
                        "not fully scanned: nested deeper than " + limits.maxNestingDepth() + " levels", content.name(), path, -1));
                return;
            }
            if (++nestedInputs > MAX_NESTED_INPUTS) {
                add(new ScanFinding("scan.limit", Verdict.SUSPICIOUS,
                        "not fully scanned: more than " + MAX_NESTED_INPUTS + " nested inputs", content.name(), path, -1));
                return;
            }
            if (!(content instanceof SliceInput)) {
                decodedBytes += content.size();
                if (decodedBytes > limits.maxDecompressedBytes()) {
                    add(new ScanFinding("scan.limit", Verdict.SUSPICIOUS, "not fully scanned: decoded content of this file exceeds "
                            + limits.maxDecompressedBytes() + " bytes in total", content.name(), path, -1));
                    return;
                }
            }
            boolean refine = refinesFormat && format == ModelFormat.COMPRESSED;
            analyze(content, new Node(path, depth + 1, refine));
        }

        @Override
        public Path baseDirectory() {
            return baseDirectory;
        }

        @Override
        public ScanLimits limits() {
            return limits;
        }

        @Override
        public void checkDeadline() {
            if (cancelled.getAsBoolean()) {
                throw new ScanCancelledException();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new ScanLimitException("time budget of " + limits.maxTimePerFile().toSeconds() + " s per file spent");
            }
        }

        @Override
        public void classify(ModelFormat f) {
            setFormat(f);
        }

        @Override
        public boolean deferCrc32(long offset, long length, long expected, String memberName) {
            if (depth != 0 || offset < 0 || length < 0) {
                return false;
            }
            crcRanges.add(new CrcRange(offset, length, expected, MemberPaths.join(member, memberName)));
            return true;
        }
    }
}
