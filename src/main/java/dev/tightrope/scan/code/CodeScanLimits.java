package dev.tightrope.scan.code;

import dev.tightrope.base.JsonLimits;

/**
 * Bounds on one repository's scan.
 *
 * @param maxFileBytes  larger files are not read (generated, data or vendored files, rarely hand-written keys)
 * @param maxFiles      files looked at in one root; past this the rest is reported as not scanned
 * @param tree          depth and length bounds of each parsed manifest and notebook
 */
public record CodeScanLimits(long maxFileBytes, int maxFiles, JsonLimits tree) {

    public static final CodeScanLimits STANDARD = new CodeScanLimits(2L * 1024 * 1024, 200_000,
            new JsonLimits(64, 2 * 1024 * 1024, JsonLimits.LONGEST_PLAIN_NUMBER, 2L * 1024 * 1024));

    public CodeScanLimits {
        if (maxFileBytes < 1 || maxFiles < 1) {
            throw new IllegalArgumentException("code scan limits must be positive");
        }
    }
}
