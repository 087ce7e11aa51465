package dev.tightrope.trust.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.trust.TrustFormatException;
import dev.tightrope.trust.TrustJson;
import dev.tightrope.trust.dsse.ResourceDescriptor;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The Tightrope approval predicate, {@value #TYPE}:
 * <pre>
 * {"decision":"APPROVED","purpose":"promote:production",
 *  "reviewer":{"id":"mailto:ana@example.com","keyHint":"&lt;OMS key hint&gt;"},
 *  "timeApproved":"2026-03-01T10:00:00Z",
 *  "policy":{ResourceDescriptor}, "evidence":[ResourceDescriptor…], "rationale":"…"}
 * </pre>
 * {@code decision} and {@code purpose}, {@code reviewer.keyHint}, {@code timeApproved} and
 * {@code rationale} are required; {@code policy} and {@code evidence} optional. Unknown fields are
 * ignored when reading, so later minor additions stay readable by this version.
 */
public record ApprovalPredicate(Decision decision, String purpose, String reviewerId, String reviewerKeyHint,
                                Instant timeApproved, String rationale, ResourceDescriptor policy,
                                List<ResourceDescriptor> evidence) {

    public static final String TYPE = "https://tightrope.dev/attestation/approval/v1";
    private static final Pattern PURPOSE = Pattern.compile("[a-z][a-z0-9._-]*(:[A-Za-z0-9._/-]+)*");

    public ApprovalPredicate {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(reviewerKeyHint, "reviewerKeyHint");
        Objects.requireNonNull(timeApproved, "timeApproved");
        Objects.requireNonNull(rationale, "rationale");
        if (!PURPOSE.matcher(purpose).matches()) {
            throw new IllegalArgumentException("purpose '" + purpose + "' is not a scope like promote:production");
        }
        if (rationale.isBlank()) {
            throw new IllegalArgumentException("a rationale is required");
        }
        timeApproved = timeApproved.truncatedTo(ChronoUnit.SECONDS);
        evidence = List.copyOf(evidence == null ? List.of() : evidence);
    }

    public ObjectNode toJson() {
        ObjectNode o = TrustJson.object();
        o.put("decision", decision.name());
        o.put("purpose", purpose);
        ObjectNode reviewer = o.putObject("reviewer");
        if (reviewerId != null) {
            reviewer.put("id", reviewerId);
        }
        reviewer.put("keyHint", reviewerKeyHint);
        o.put("timeApproved", timeApproved.toString());
        if (policy != null) {
            o.set("policy", policy.toJson());
        }
        if (!evidence.isEmpty()) {
            ArrayNode ev = o.putArray("evidence");
            evidence.forEach(e -> ev.add(e.toJson()));
        }
        o.put("rationale", rationale);
        return o;
    }

    public static ApprovalPredicate fromJson(JsonNode node, String location) {
        if (node == null || !node.isObject()) {
            throw new TrustFormatException(location, "approval predicate must be an object");
        }
        String decisionText = TrustJson.text(node, "decision", location);
        Decision decision;
        try {
            decision = Decision.valueOf(decisionText);
        } catch (IllegalArgumentException e) {
            throw new TrustFormatException(location, "decision '" + decisionText + "' is neither APPROVED nor REJECTED");
        }
        JsonNode reviewer = node.get("reviewer");
        if (reviewer == null || !reviewer.isObject()) {
            throw new TrustFormatException(location, "missing object 'reviewer'");
        }
        Instant time;
        String timeText = TrustJson.text(node, "timeApproved", location);
        try {
            time = Instant.parse(timeText);
        } catch (DateTimeParseException e) {
            throw new TrustFormatException(location, "timeApproved '" + timeText + "' is not an RFC 3339 UTC time");
        }
        ResourceDescriptor policy = null;
        JsonNode p = node.get("policy");
        if (p != null && !p.isNull()) {
            policy = ResourceDescriptor.fromJson(p, location + " policy");
        }
        List<ResourceDescriptor> evidence = new ArrayList<>();
        JsonNode ev = node.get("evidence");
        if (ev != null && !ev.isNull()) {
            if (!ev.isArray()) {
                throw new TrustFormatException(location, "'evidence' must be an array");
            }
            for (int i = 0; i < ev.size(); i++) {
                evidence.add(ResourceDescriptor.fromJson(ev.get(i), location + " evidence[" + i + "]"));
            }
        }
        try {
            return new ApprovalPredicate(decision, TrustJson.text(node, "purpose", location),
                    TrustJson.optionalText(reviewer, "id", location + " reviewer"),
                    TrustJson.text(reviewer, "keyHint", location + " reviewer"), time,
                    TrustJson.text(node, "rationale", location), policy, evidence);
        } catch (IllegalArgumentException e) {
            throw new TrustFormatException(location, e.getMessage());
        }
    }
}
