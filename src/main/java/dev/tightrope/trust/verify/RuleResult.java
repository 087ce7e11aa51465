package dev.tightrope.trust.verify;

import java.util.Objects;

/** One policy rule's outcome, e.g. {@code approvals: 1 of 2 required}. */
public record RuleResult(String rule, boolean passed, String detail) {
    public RuleResult {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(detail, "detail");
    }
}
