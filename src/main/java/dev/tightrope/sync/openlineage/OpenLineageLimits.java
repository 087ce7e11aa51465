package dev.tightrope.sync.openlineage;

/**
 * Bounds on what the OpenLineage reader accepts, because every file and request body is
 * untrusted. Anything over a bound is reported as a problem at its location, never read
 * partially as if it were whole.
 *
 * @param maxEventBytes    longest NDJSON line or HTTP body (one event, or one batch for HTTP)
 * @param maxFileBytes     largest NDJSON file; such files are streamed line by line
 * @param maxDocumentBytes largest {@code .json} document (array or pretty-printed object), which is parsed as one stream
 * @param maxDepth         deepest JSON nesting (facets nest; Spark's plan facets are the deepest seen in practice)
 * @param maxCarryBytes    largest merged state carried in the cursor (jobs, datasets, open runs, about four bytes
 *                         per finished run); beyond it the next sync reads everything again
 * @param maxFiles         most files read from one directory tree
 */
public record OpenLineageLimits(
        int maxEventBytes, long maxFileBytes, long maxDocumentBytes, int maxDepth, int maxCarryBytes, int maxFiles) {

    public static final OpenLineageLimits DEFAULT =
            new OpenLineageLimits(16 << 20, 8L << 30, 256L << 20, 100, 32 << 20, 100_000);

    public OpenLineageLimits {
        if (maxEventBytes < 1024) {
            throw new IllegalArgumentException("maxEventBytes must be at least 1024");
        }
        if (maxFileBytes < maxEventBytes || maxDocumentBytes < maxEventBytes) {
            throw new IllegalArgumentException("file limits must be at least maxEventBytes");
        }
        if (maxDepth < 8 || maxDepth > 1000) {
            throw new IllegalArgumentException("maxDepth must be between 8 and 1000");
        }
        if (maxCarryBytes < 0 || maxFiles < 1) {
            throw new IllegalArgumentException("maxCarryBytes must be >= 0 and maxFiles >= 1");
        }
    }
}
