package dev.tightrope.scan.skills;

import java.util.Objects;

/**
 * A file an extension carries besides its markdown: what the assistant may run or read on its behalf.
 *
 * @param path       relative to the extension's folder, with {@code /}
 * @param sha256     hex SHA-256 of its bytes; null for a symbolic link (not followed) or a file over the hashing bound
 * @param executable whether it is a script or program: an executable bit, a {@code #!} line or a script extension
 * @param link       a symbolic link, listed but not followed
 */
public record BundledFile(String path, long size, String sha256, boolean executable, boolean link) {
    public BundledFile {
        Objects.requireNonNull(path, "path");
    }

    /** "scripts/run.sh (412 bytes, sha256 3f…, executable)". */
    public String describe() {
        if (link) {
            return path + " (symbolic link, not followed)";
        }
        return path + " (" + size + " bytes" + (sha256 == null ? ", not hashed: too large" : ", sha256 " + sha256)
                + (executable ? ", executable" : "") + ")";
    }
}
