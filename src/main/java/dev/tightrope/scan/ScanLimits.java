package dev.tightrope.scan;

import java.time.Duration;

/**
 * Bounds on every scan (reference: scanning.md section 7). Hitting one makes the file at least
 * SUSPICIOUS ("not fully scanned"), never SAFE.
 */
public record ScanLimits(
        long maxPickleOpcodes,
        int maxPickleStack,
        int maxPickleMemo,
        long maxDecompressedBytes,
        int maxDecompressionRatio,
        int maxNestingDepth,
        long maxSafetensorsHeader,
        int maxNpyHeader,
        Duration maxTimePerFile) {

    public static ScanLimits defaults() {
        return new ScanLimits(1_000_000, 10_000, 100_000, 4L << 30, 200, 3, 100_000_000L, 10_000, Duration.ofMinutes(2));
    }
}
