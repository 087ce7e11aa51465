package dev.tightrope.scan;

import java.io.IOException;
import java.nio.file.Path;

/** What an analyzer gets from the scan engine while it walks one input. */
public interface AnalysisContext {

    /** Records a finding. Offsets are relative to the current input; the engine adds the member path. */
    void report(ScanFinding finding);

    /** Convenience: {@code report(new ScanFinding(ruleId, verdict, message, evidence, member(), offset))}. */
    default void report(String ruleId, Verdict verdict, String message, String evidence, long offset) {
        report(new ScanFinding(ruleId, verdict, message, evidence, member(), offset));
    }

    /** The member path of the current input inside its file ("" for the file itself). */
    String member();

    /**
     * Scans embedded content (a zip member, a decompressed stream, a pickle inside bytes) as its
     * own input, format chosen by content. Nesting depth and total size are bounded by the engine;
     * exceeding them is reported, never silently skipped.
     */
    void scanNested(String memberName, ScanInput content) throws IOException;

    /** The scanned file's directory, for formats that reference sibling files (ONNX external data); may be null. */
    Path baseDirectory();

    /** Resource limits of this scan. */
    ScanLimits limits();

    /** Throws {@link ScanLimitException} when the per-file wall-time budget is spent. */
    void checkDeadline() throws ScanLimitException;

    /**
     * A context for a member the current analyzer walks in place (a zip member it parses itself,
     * an inner pickle): findings get {@code memberName} appended to the member path, everything
     * else is shared with this context.
     */
    default AnalysisContext member(String memberName) {
        return new MemberContext(this, memberName);
    }

    /**
     * Asks the engine to check a CRC-32 over {@code [offset, offset + length)} of the current
     * input during its sequential digest pass, so large members are not read twice. Returns false
     * when the engine cannot (the input is not the scanned file itself); the caller then checks
     * it itself if it needs to.
     */
    default boolean deferCrc32(long offset, long length, long expected, String memberName) {
        return false;
    }

    /**
     * Refines the file's format once the structure shows more than the leading bytes did (a zip
     * that turns out to be a TorchScript archive, a pickle that is a joblib dump). The engine
     * applies it to the scanned file only when this input is the file itself or a decompressed
     * stream; other implementations may ignore it.
     */
    default void classify(ModelFormat format) {
    }
}
