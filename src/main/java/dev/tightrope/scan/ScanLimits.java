package dev.tightrope.scan;

import java.time.Duration;

/**
 * Bounds on every scan (reference: scanning.md section 7). Hitting one makes the file at least
 * SUSPICIOUS ("not fully scanned"), never SAFE.
 *
 * <p>The pickle bounds are sized for real files: a 200 MB cached dataset is about 50 million
 * opcodes and 10 to 25 million memo entries. The opcode bound keeps a verdict independent of the
 * machine's speed (the time bound alone would not); the memo bound is on the memory the memo takes
 * (8 bytes per plain entry), so it bounds the heap a scan needs rather than a count an attacker
 * can spread out.
 *
 * @param maxPickleOpcodes   opcodes per input, across all its pickles
 * @param maxPickleStack     stack depth and nested MARKs
 * @param maxPickleMemoBytes memory of one pickle's memo: 256 MiB is about 33 million plain entries
 */
public record ScanLimits(
        long maxPickleOpcodes,
        int maxPickleStack,
        long maxPickleMemoBytes,
        long maxDecompressedBytes,
        int maxDecompressionRatio,
        int maxNestingDepth,
        long maxSafetensorsHeader,
        int maxNpyHeader,
        Duration maxTimePerFile) {

    public static ScanLimits defaults() {
        return new ScanLimits(1_000_000_000L, 10_000, 256L << 20, 4L << 30, 200, 3, 100_000_000L, 10_000, Duration.ofMinutes(2));
    }
}
