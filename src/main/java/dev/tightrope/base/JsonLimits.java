package dev.tightrope.base;

/**
 * Bounds on one kind of untrusted JSON document, so that a hostile one costs at most what these
 * allow: a deep document cannot exhaust the stack, a long string or number cannot exhaust memory
 * or CPU (big-number parsing is super-linear), a long stream cannot go on forever.
 *
 * @param maxDepth          deepest nesting of arrays and objects
 * @param maxStringLength   longest string value, in characters
 * @param maxNumberLength   longest number literal, in characters
 * @param maxDocumentLength longest input, in bytes (for a stream of values, the whole stream)
 */
public record JsonLimits(int maxDepth, int maxStringLength, int maxNumberLength, long maxDocumentLength) {

    /** More digits than any 64-bit integer or double needs, several times over. */
    public static final int LONGEST_PLAIN_NUMBER = 100;

    public JsonLimits {
        if (maxDepth < 1 || maxStringLength < 1 || maxNumberLength < 1 || maxDocumentLength < 1) {
            throw new IllegalArgumentException("every JSON limit must be at least 1: depth " + maxDepth + ", string "
                    + maxStringLength + ", number " + maxNumberLength + ", document " + maxDocumentLength);
        }
    }
}
