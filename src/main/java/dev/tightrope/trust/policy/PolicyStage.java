package dev.tightrope.trust.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.domain.Severity;
import dev.tightrope.trust.TrustFormatException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One promotion stage of a {@link PolicyFile}: the approval rules the trust layer's verifier
 * checks against signatures ({@code approvals}), and the rules about what the cache knows of the
 * release, which the service layer checks.
 *
 * @param name                stage name, e.g. {@code production}
 * @param approvals           the approval rules (a version 1 policy's fields)
 * @param maxOpenSeverity     the worst open finding allowed (null: no limit); {@code medium} fails on an open high or critical
 * @param requireOwner        someone must own the release
 * @param requireTrainingData the release's upstream lineage must reach a dataset
 * @param scanFailOn          when set, the release must have been scanned and have no open scanner finding at or above this severity
 */
public record PolicyStage(String name, Policy approvals, Severity maxOpenSeverity, boolean requireOwner, boolean requireTrainingData,
                          Severity scanFailOn) {

    /** The verdict names of the rules about the release's facts: what an exception may waive. */
    public static final String FINDINGS = "findings";
    public static final String OWNER = "owner";
    public static final String TRAINING_DATA = "training-data";
    public static final String SCAN = "scan";
    public static final List<String> WAIVABLE_RULES = List.of(FINDINGS, OWNER, TRAINING_DATA, SCAN);

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");
    private static final Set<String> FACT_FIELDS = Set.of("maxOpenSeverity", "requireOwner", "requireTrainingData", "requireScan");
    private static final Set<String> FIELDS = Policy.union(Policy.RULE_FIELDS, FACT_FIELDS);

    public PolicyStage {
        Objects.requireNonNull(approvals, "approvals");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("stage name '" + name + "' is not like production or pre-prod (lowercase letters, digits, -)");
        }
    }

    /** A stage with approval rules only: what a version 1 file is. */
    public static PolicyStage approvalsOnly(String name, Policy approvals) {
        return new PolicyStage(name, approvals, null, false, false, null);
    }

    /** Whether any rule needs the cache (findings, owners, lineage, scans) to be evaluated. */
    public boolean needsAssetFacts() {
        return maxOpenSeverity != null || requireOwner || requireTrainingData || scanFailOn != null;
    }

    public PolicyStage withApprovals(Policy newApprovals) {
        return new PolicyStage(name, newApprovals, maxOpenSeverity, requireOwner, requireTrainingData, scanFailOn);
    }

    static PolicyStage parse(String name, JsonNode node, String location) {
        String where = location + " stage '" + name + "'";
        if (!node.isObject()) {
            throw new TrustFormatException(where, "a stage is a JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new TrustFormatException(where, "unknown stage field '" + f + "' (known: " + new TreeSet<>(FIELDS) + ")");
            }
        }
        Severity scan = null;
        JsonNode requireScan = node.get("requireScan");
        if (requireScan != null && !requireScan.isNull()) {
            if (!requireScan.isObject() || requireScan.size() != 1 || !requireScan.has("failOn")) {
                throw new TrustFormatException(where, "'requireScan' is {\"failOn\": \"<severity>\"}");
            }
            scan = severity(requireScan, "failOn", where);
        }
        try {
            return new PolicyStage(name, Policy.rules(node, Policy.VERSION, where),
                    node.hasNonNull("maxOpenSeverity") ? severity(node, "maxOpenSeverity", where) : null,
                    Policy.bool(node, "requireOwner", false, where), Policy.bool(node, "requireTrainingData", false, where), scan);
        } catch (IllegalArgumentException e) {
            throw new TrustFormatException(where, e.getMessage());
        }
    }

    private static Severity severity(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        try {
            if (v.isTextual() && v.asText().equals(v.asText().toLowerCase(Locale.ROOT))) {
                return Severity.fromToken(v.asText());
            }
        } catch (IllegalArgumentException e) {
            // reported below with the allowed values
        }
        throw new TrustFormatException(where, "'" + field + "' must be one of critical, high, medium, low, info");
    }

    /** The stage as a version 2 file writes it (no version field; the asset rules only when set). */
    ObjectNode toJson() {
        ObjectNode o = approvals.toJson();
        o.remove("version");
        if (maxOpenSeverity != null) {
            o.put("maxOpenSeverity", maxOpenSeverity.token());
        }
        if (requireOwner) {
            o.put("requireOwner", true);
        }
        if (requireTrainingData) {
            o.put("requireTrainingData", true);
        }
        if (scanFailOn != null) {
            o.putObject("requireScan").put("failOn", scanFailOn.token());
        }
        return o;
    }
}
