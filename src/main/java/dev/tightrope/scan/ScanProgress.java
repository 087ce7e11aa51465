package dev.tightrope.scan;

import java.nio.file.Path;

/**
 * Where a running scan is.
 *
 * @param filesDone  files finished
 * @param filesTotal files to scan
 * @param bytesDone  bytes digested so far over all files
 * @param bytesTotal total size of the files to scan
 * @param current    the file this update is about, or null
 */
public record ScanProgress(int filesDone, int filesTotal, long bytesDone, long bytesTotal, Path current) {

    /** Progress as a fraction in [0, 1], by bytes (files when there are no bytes). */
    public double fraction() {
        if (bytesTotal > 0) {
            return Math.min(1.0, (double) bytesDone / bytesTotal);
        }
        return filesTotal == 0 ? 1.0 : (double) filesDone / filesTotal;
    }

    /** Receives progress updates, from scan worker threads. */
    @FunctionalInterface
    public interface Listener {
        void onProgress(ScanProgress progress);

        Listener NONE = p -> { };
    }
}
