package dev.tightrope.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.trust.TrustFormatException;
import dev.tightrope.trust.TrustJson;
import dev.tightrope.trust.approval.ApprovalPredicate;
import dev.tightrope.trust.dsse.Attestation;
import dev.tightrope.trust.dsse.ResourceDescriptor;
import dev.tightrope.trust.dsse.Statement;
import dev.tightrope.trust.policy.PolicyFile;
import dev.tightrope.trust.policy.PolicyStage;
import dev.tightrope.trust.verify.AttestationResult;
import dev.tightrope.trust.verify.RuleResult;
import dev.tightrope.trust.verify.VerificationReport;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Turns the trust layer's verification report into the service's {@link GateResult} and {@link ApprovalRecord}s. */
final class Gates {

    private Gates() {
    }

    /** What an attestation's statement claims, read without trusting it (for display next to its verdict). */
    record Claims(String subjectDigest, String subjectName, ReviewDecision decision, String scope, String reviewerId,
                  Instant time, String rationale) {
        static final Claims NONE = new Claims(null, null, null, null, null, null, null);
    }

    static Claims claims(Attestation a) {
        try {
            Statement s = Statement.parse(a.envelope().payload(), a.location());
            ResourceDescriptor subject = s.subjects().get(0);
            String digest = subject.sha256() == null ? null : "sha256:" + subject.sha256();
            if (!ApprovalPredicate.TYPE.equals(s.predicateType())) {
                return new Claims(digest, subject.name(), null, null, null, null, null);
            }
            ApprovalPredicate p = ApprovalPredicate.fromJson(s.predicate(), a.location());
            return new Claims(digest, subject.name(), ReviewDecision.valueOf(p.decision().name()), p.purpose(), p.reviewerId(),
                    p.timeApproved(), p.rationale());
        } catch (TrustFormatException | IllegalArgumentException e) {
            return Claims.NONE;
        }
    }

    /** The sha256 hex digests an attestation's statement is about (none when unreadable). */
    static List<String> subjectDigests(Attestation a) {
        try {
            return Statement.parse(a.envelope().payload(), a.location()).subjects().stream()
                    .map(ResourceDescriptor::sha256).filter(d -> d != null).toList();
        } catch (TrustFormatException | IllegalArgumentException e) {
            return List.of();
        }
    }

    static ApprovalRecord record(AttestationResult r, Attestation a) {
        Claims c = a == null ? Claims.NONE : claims(a);
        ReviewDecision decision = r.decision() != null ? ReviewDecision.valueOf(r.decision().name()) : c.decision();
        return new ApprovalRecord(r.location(), c.subjectDigest(), c.subjectName(), decision,
                r.scope() != null ? r.scope() : c.scope(), r.reviewer() != null ? r.reviewer() : c.reviewerId(),
                r.keyFingerprint(), r.time() != null ? r.time() : c.time(), c.rationale(), r.status().name(),
                r.status().signatureValid(), r.reason());
    }

    static GateResult result(VerificationReport report, List<Attestation> attestations) {
        return result(report, attestations, report.toText(), report.toJson(), null);
    }

    /** As {@link #result(VerificationReport, List)} with the renderings given and the policy stage evaluated (null: none named). */
    static GateResult result(VerificationReport report, List<Attestation> attestations, String text, String json, String stage) {
        Map<String, Attestation> byLocation = new HashMap<>();
        attestations.forEach(a -> byLocation.put(a.location(), a));
        List<ApprovalRecord> records = new ArrayList<>();
        for (AttestationResult r : report.attestations()) {
            records.add(record(r, byLocation.get(r.location())));
        }
        List<GateResult.Rule> rules = new ArrayList<>();
        for (RuleResult r : report.rules()) {
            rules.add(new GateResult.Rule(r.rule(), GateResult.RuleStatus.valueOf(r.status().name()), r.detail()));
        }
        return new GateResult(GateResult.Outcome.valueOf(report.outcome().name()),
                report.subject() == null ? null : report.subject().digest().toString(), report.policySource(), stage, rules, records,
                report.errors(), text, json);
    }

    /**
     * The gate of a policy stage: for a version 2 file the JSON names the stage under
     * {@code policy.stage} and {@code policy.rules} is that stage's section; a version 1 file's
     * renderings are as they always were.
     */
    static GateResult staged(VerificationReport report, List<Attestation> attestations, PolicyFile file, PolicyStage stage) {
        if (file.version() != PolicyFile.VERSION) {
            return result(report, attestations, report.toText(), report.toJson(), stage.name());
        }
        ObjectNode json = report.toJsonTree();
        ObjectNode policy = (ObjectNode) json.get("policy");
        policy.put("stage", stage.name());
        policy.set("rules", file.toJson().get("stages").get(stage.name()));
        return result(report, attestations, report.toText(), new String(TrustJson.pretty(json), StandardCharsets.UTF_8) + "\n",
                stage.name());
    }

    /** A gate that could not run: the inputs were unreadable. */
    static GateResult error(String message, Instant now) {
        return result(VerificationReport.error(message, now), List.of());
    }
}
