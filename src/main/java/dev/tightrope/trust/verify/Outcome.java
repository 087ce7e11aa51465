package dev.tightrope.trust.verify;

/** The gate's answer. The CLI exits 0, 1 and 2 respectively. */
public enum Outcome {
    /** Every policy rule passed. */
    PASS,
    /** The inputs were read and some rule failed. */
    FAIL,
    /** Some input could not be read (missing file, bad JSON): no verdict. */
    ERROR;

    public int exitCode() {
        return ordinal();
    }
}
