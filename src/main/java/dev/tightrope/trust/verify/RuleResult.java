package dev.tightrope.trust.verify;

import java.util.Objects;

/**
 * One policy rule's outcome, e.g. {@code approvals: 1 of 2 required}. A rule passes, fails, is
 * waived by a written exception (which counts as passing), or could not be evaluated for lack of
 * the facts it needs (which fails: the gate fails closed).
 */
public record RuleResult(String rule, Status status, String detail) {

    public enum Status {
        PASS("pass"),
        FAIL("FAIL"),
        WAIVED("waived"),
        NOT_EVALUATED("not evaluated");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        /** As the text report brackets it: {@code pass}, {@code FAIL}, {@code waived}, {@code not evaluated}. */
        public String label() {
            return label;
        }

        public boolean passed() {
            return this == PASS || this == WAIVED;
        }
    }

    public RuleResult {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    public RuleResult(String rule, boolean passed, String detail) {
        this(rule, passed ? Status.PASS : Status.FAIL, detail);
    }

    public boolean passed() {
        return status.passed();
    }
}
