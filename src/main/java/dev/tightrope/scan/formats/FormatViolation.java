package dev.tightrope.scan.formats;

/**
 * A structural rule of a format is broken at a known offset. Thrown inside an analyzer and turned
 * into one INVALID finding at its boundary, so a malformed file never escapes as a crash.
 */
final class FormatViolation extends Exception {
    private static final long serialVersionUID = 1L;

    private final String ruleId;
    private final String evidence;
    private final long offset;

    FormatViolation(String ruleId, String message, String evidence, long offset) {
        super(message, null, false, false);
        this.ruleId = ruleId;
        this.evidence = evidence;
        this.offset = offset;
    }

    String ruleId() {
        return ruleId;
    }

    String evidence() {
        return evidence;
    }

    long offset() {
        return offset;
    }
}
