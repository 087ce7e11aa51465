package dev.tightrope.scan;

import java.io.IOException;

/**
 * Checks one file format's structure without executing or loading anything. Implementations
 * are stateless and thread-safe; the engine asks each registered analyzer in turn whether it
 * recognises the content.
 */
public interface FormatAnalyzer {

    ModelFormat format();

    /**
     * Whether these leading bytes show this format. {@code head} holds the first
     * {@code min(size, 64 KiB)} bytes; {@code name} is only a tie-breaker, never the deciding fact.
     */
    boolean recognizes(byte[] head, int headLength, long size, String name);

    /**
     * A weaker claim, asked only of content no analyzer recognises and that is not a pickle:
     * whether it is this format broken where {@link #recognizes} looks (a safetensors file whose
     * header length is absurd), so it is reported as malformed rather than as an unknown format.
     */
    default boolean recognizesMalformed(byte[] head, int headLength, long size, String name) {
        return false;
    }

    /**
     * Walks the structure, reporting every anomaly through {@code context}. Bounds every length
     * before allocating; reports malformed input as INVALID findings rather than throwing.
     * IOException is for read failures of the underlying input only.
     */
    void analyze(ScanInput input, AnalysisContext context) throws IOException;
}
