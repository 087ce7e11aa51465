package dev.tightrope.trust.verify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.trust.TrustJson;
import dev.tightrope.trust.policy.Policy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The result of a verification: each attestation, each policy rule, and the outcome, with a
 * human rendering ({@link #toText()}) and a stable JSON rendering ({@link #toJson()}, format
 * {@value #FORMAT}: fields are only ever added).
 */
public record VerificationReport(Subject subject, Policy policy, String policySource, Instant evaluatedAt,
                                 List<AttestationResult> attestations, List<RuleResult> rules, List<String> skipped,
                                 List<String> errors, Outcome outcome) {

    public static final String FORMAT = "tightrope.verification/v1";

    public VerificationReport {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(evaluatedAt, "evaluatedAt");
        Objects.requireNonNull(outcome, "outcome");
        attestations = List.copyOf(attestations);
        rules = List.copyOf(rules);
        skipped = List.copyOf(skipped);
        errors = List.copyOf(errors);
    }

    /** A report for inputs that could not be read at all (no subject, trust store or policy). */
    public static VerificationReport error(String message, Instant now) {
        return new VerificationReport(null, Policy.defaults(), "none", now, List.of(), List.of(), List.of(), List.of(message),
                Outcome.ERROR);
    }

    public ObjectNode toJsonTree() {
        ObjectNode o = TrustJson.object();
        o.put("format", FORMAT);
        o.put("outcome", outcome.name());
        o.put("evaluatedAt", evaluatedAt.toString());
        if (subject != null) {
            ObjectNode s = o.putObject("subject");
            s.put("digest", subject.digest().toString());
            s.put("description", subject.description());
        } else {
            o.putNull("subject");
        }
        ObjectNode p = o.putObject("policy");
        p.put("source", policySource);
        p.set("rules", policy.toJson());
        ArrayNode rs = o.putArray("rules");
        for (RuleResult r : rules) {
            ObjectNode ro = rs.addObject();
            ro.put("rule", r.rule());
            ro.put("passed", r.passed());
            ro.put("status", r.status().name());
            ro.put("detail", r.detail());
        }
        ArrayNode as = o.putArray("attestations");
        for (AttestationResult a : attestations) {
            ObjectNode ao = as.addObject();
            ao.put("location", a.location());
            ao.put("status", a.status().name());
            ao.put("signatureValid", a.status().signatureValid());
            ao.put("reason", a.reason());
            putNullable(ao, "reviewer", a.reviewer());
            putNullable(ao, "keyFingerprint", a.keyFingerprint());
            putNullable(ao, "decision", a.decision() == null ? null : a.decision().name());
            putNullable(ao, "scope", a.scope());
            putNullable(ao, "time", a.time() == null ? null : a.time().toString());
        }
        ArrayNode sk = o.putArray("skipped");
        skipped.forEach(sk::add);
        ArrayNode er = o.putArray("errors");
        errors.forEach(er::add);
        return o;
    }

    private static void putNullable(ObjectNode o, String field, String value) {
        if (value == null) {
            o.putNull(field);
        } else {
            o.put(field, value);
        }
    }

    /** Pretty JSON in a fixed field order, final newline. */
    public String toJson() {
        return new String(TrustJson.pretty(toJsonTree()), StandardCharsets.UTF_8) + "\n";
    }

    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(outcome).append(subject == null ? "" : ": " + subject.digest()).append('\n');
        if (subject != null) {
            sb.append("  subject: ").append(subject.description()).append('\n');
        }
        sb.append("  policy: ").append(policySource).append('\n');
        if (!rules.isEmpty()) {
            sb.append("rules:\n");
            for (RuleResult r : rules) {
                sb.append("  [").append(r.status().label()).append("] ").append(r.rule()).append(": ").append(r.detail()).append('\n');
            }
        }
        if (!attestations.isEmpty()) {
            sb.append("attestations:\n");
            for (AttestationResult a : attestations) {
                sb.append("  ").append(a.status()).append("  ").append(a.location()).append('\n');
                sb.append("      ").append(a.reason()).append('\n');
            }
        }
        for (String s : skipped) {
            sb.append("skipped: ").append(s).append('\n');
        }
        for (String e : errors) {
            sb.append("error: ").append(e).append('\n');
        }
        return sb.toString();
    }
}
