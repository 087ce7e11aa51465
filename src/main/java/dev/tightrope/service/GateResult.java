package dev.tightrope.service;

import java.util.List;
import java.util.Objects;

/**
 * The promotion gate's answer about one artifact: the outcome, each policy rule, each
 * attestation, and the renderings {@code tightrope verify} prints ({@code text}, or the stable
 * {@code tightrope.verification/v1} JSON).
 */
public record GateResult(Outcome outcome, String subjectDigest, String policy, List<Rule> rules, List<ApprovalRecord> attestations,
                         List<String> errors, String text, String json) {

    /** PASS (exit 0), FAIL (exit 1), ERROR: the inputs could not be read (exit 2). */
    public enum Outcome {
        PASS,
        FAIL,
        ERROR;

        public int exitCode() {
            return ordinal();
        }
    }

    /** One policy rule, e.g. {@code approvals: 1 of 2 required (helen)}. */
    public record Rule(String name, boolean passed, String detail) {
    }

    public GateResult {
        Objects.requireNonNull(outcome, "outcome");
        rules = List.copyOf(rules);
        attestations = List.copyOf(attestations);
        errors = List.copyOf(errors);
    }

    public int exitCode() {
        return outcome.exitCode();
    }

    /** The first failing rule's detail, or the outcome: what a queue row or a badge says. */
    public String summary() {
        if (outcome == Outcome.ERROR) {
            return errors.isEmpty() ? "cannot verify" : errors.get(0);
        }
        return rules.stream().filter(r -> !r.passed()).findFirst().map(r -> r.name() + ": " + r.detail())
                .orElse("passes the policy");
    }
}
