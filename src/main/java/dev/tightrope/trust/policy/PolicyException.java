package dev.tightrope.trust.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.trust.TrustFormatException;
import dev.tightrope.trust.TrustJson;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A written exception to a rule about a release's facts: which asset (a URN or its
 * {@code sha256:} digest), which rules it waives, in which stages (empty: every stage), why, who
 * approved it and until when. Once {@code expires} has passed it waives nothing, and the verdict
 * says so. Approval rules cannot be waived: an exception is a line in a file, an approval a
 * signature.
 *
 * @param expires as written: a date (the exception holds through that day, UTC) or an instant
 */
public record PolicyException(String asset, List<String> rules, List<String> stages, String justification, String approver,
                              String expires) {

    private static final Set<String> FIELDS = Set.of("asset", "rules", "stages", "justification", "approver", "expires");
    private static final Pattern ASSET = Pattern.compile("tr:[a-z_]+:[a-z0-9-]+:.+|sha256:[0-9a-f]{64}");

    public PolicyException {
        if (asset == null || !ASSET.matcher(asset).matches()) {
            throw new IllegalArgumentException("an exception names its asset by URN (tr:…) or by digest (sha256:<64 lowercase hex>), not '"
                    + asset + "'");
        }
        rules = List.copyOf(new TreeSet<>(rules == null ? List.of() : rules));
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("an exception names the rules it waives (" + String.join(", ", PolicyStage.WAIVABLE_RULES) + ")");
        }
        for (String r : rules) {
            if (!PolicyStage.WAIVABLE_RULES.contains(r)) {
                throw new IllegalArgumentException("rule '" + r + "' cannot be waived by an exception (waivable: "
                        + String.join(", ", PolicyStage.WAIVABLE_RULES) + "; approval rules need signatures)");
            }
        }
        stages = List.copyOf(new TreeSet<>(stages == null ? List.of() : stages));
        if (justification == null || justification.isBlank()) {
            throw new IllegalArgumentException("an exception needs a justification: say why, for the people who read this later");
        }
        if (approver == null || approver.isBlank()) {
            throw new IllegalArgumentException("an exception needs the approver who accepted the risk");
        }
        if (expires == null) {
            throw new IllegalArgumentException("an exception needs an expiry date");
        }
        expiresAt(expires);
        justification = justification.strip();
        approver = approver.strip();
    }

    /** The first instant at which the exception no longer waives. */
    public Instant expiresAt() {
        return expiresAt(expires);
    }

    private static Instant expiresAt(String expires) {
        try {
            if (expires.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(expires).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(expires);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("expires '" + expires + "' is neither a date (2026-12-31) nor an instant (2026-12-31T18:00:00Z)");
        }
    }

    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt());
    }

    /** Whether it is about this stage and rule of a release known by these URNs and digest. */
    public boolean covers(String stage, String rule, List<String> urns, String digest) {
        return rules.contains(rule) && (stages.isEmpty() || stages.contains(stage)) && (asset.equals(digest) || urns.contains(asset));
    }

    /** One line for a verdict: who approved it, why, until when. */
    public String describe() {
        return "exception approved by " + approver + " until " + expires + ": " + justification;
    }

    static PolicyException parse(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new TrustFormatException(where, "an exception is a JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new TrustFormatException(where, "unknown exception field '" + f + "' (known: " + new TreeSet<>(FIELDS) + ")");
            }
        }
        try {
            return new PolicyException(TrustJson.text(node, "asset", where), names(node, "rules", where), names(node, "stages", where),
                    TrustJson.text(node, "justification", where), TrustJson.text(node, "approver", where),
                    TrustJson.text(node, "expires", where));
        } catch (IllegalArgumentException e) {
            throw new TrustFormatException(where, e.getMessage());
        }
    }

    private static List<String> names(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw new TrustFormatException(where, "'" + field + "' must be an array of names");
        }
        for (JsonNode n : v) {
            if (!n.isTextual()) {
                throw new TrustFormatException(where, "'" + field + "' must be an array of names");
            }
            out.add(n.asText());
        }
        return out;
    }

    ObjectNode toJson() {
        ObjectNode o = TrustJson.object();
        o.put("asset", asset);
        ArrayNode r = o.putArray("rules");
        rules.forEach(r::add);
        if (!stages.isEmpty()) {
            ArrayNode s = o.putArray("stages");
            stages.forEach(s::add);
        }
        o.put("justification", justification);
        o.put("approver", approver);
        o.put("expires", expires);
        return o;
    }
}
