package dev.tightrope.scan.mcp;

import dev.tightrope.base.JsonLimits;

/**
 * Bounds on what one discovery reads, so a hostile home costs at most this much.
 *
 * @param maxConfigBytes     largest config file read; a larger one is reported and skipped
 * @param tree               depth and length bounds of each parsed config
 * @param maxExecutableBytes largest local script or executable hashed for its identity
 * @param maxFolderEntries   most entries looked at in one folder of profiles, extensions or plugins
 */
public record DiscoveryLimits(long maxConfigBytes, JsonLimits tree, long maxExecutableBytes, int maxFolderEntries) {

    public static final DiscoveryLimits STANDARD = new DiscoveryLimits(4L * 1024 * 1024,
            new JsonLimits(64, 256 * 1024, JsonLimits.LONGEST_PLAIN_NUMBER, 4L * 1024 * 1024), 128L * 1024 * 1024, 2_000);

    public DiscoveryLimits {
        if (maxConfigBytes < 1 || maxExecutableBytes < 1 || maxFolderEntries < 1) {
            throw new IllegalArgumentException("discovery limits must be positive");
        }
    }
}
