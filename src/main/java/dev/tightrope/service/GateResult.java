package dev.tightrope.service;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The promotion gate's answer about one artifact: the outcome, each policy rule, each
 * attestation, and the renderings {@code tightrope verify} prints ({@code text}, or the stable
 * {@code tightrope.verification/v1} JSON).
 */
public record GateResult(Outcome outcome, String subjectDigest, String policy, String stage, List<Rule> rules,
                         List<ApprovalRecord> attestations, List<String> errors, String text, String json) {

    /** PASS (exit 0), FAIL (exit 1), ERROR: the inputs could not be read (exit 2). */
    public enum Outcome {
        PASS,
        FAIL,
        ERROR;

        public int exitCode() {
            return ordinal();
        }
    }

    /** How a rule came out: a waived rule (by a written exception) passes; one that could not be evaluated fails. */
    public enum RuleStatus {
        PASS,
        FAIL,
        WAIVED,
        NOT_EVALUATED;

        public boolean passed() {
            return this == PASS || this == WAIVED;
        }

        /** For people: pass, fail, waived, not evaluated. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    /** One policy rule, e.g. {@code approvals: 1 of 2 required (helen)}. */
    public record Rule(String name, RuleStatus status, String detail) {
        public boolean passed() {
            return status.passed();
        }
    }

    private static final Pattern COUNT = Pattern.compile("^(\\d+) of (\\d+)");

    public GateResult {
        Objects.requireNonNull(outcome, "outcome");
        rules = List.copyOf(rules);
        attestations = List.copyOf(attestations);
        errors = List.copyOf(errors);
    }

    public int exitCode() {
        return outcome.exitCode();
    }

    /**
     * A few words for a badge: {@code passes}, {@code 1 of 2 approvals}, {@code rejected},
     * {@code no security approval}, {@code cannot verify}; {@link #summary()} says it in full.
     */
    public String brief() {
        if (outcome == Outcome.PASS) {
            return "passes";
        }
        if (outcome == Outcome.ERROR) {
            return "cannot verify";
        }
        return rules.stream().filter(r -> !r.passed()).findFirst().map(r -> {
            if (r.status() == RuleStatus.NOT_EVALUATED) {
                return r.name() + " not evaluated";
            }
            if (r.name().equals("approvals")) {
                Matcher m = COUNT.matcher(r.detail());
                return m.find() ? m.group(1) + " of " + m.group(2) + " approvals" : "approvals missing";
            }
            if (r.name().equals("rejections")) {
                return "rejected";
            }
            if (r.name().startsWith("role ")) {
                return "no " + r.name().substring(5) + " approval";
            }
            return r.name();
        }).orElse("fails");
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
