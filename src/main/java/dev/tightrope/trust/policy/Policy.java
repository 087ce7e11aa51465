package dev.tightrope.trust.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.trust.TrustFormatException;
import dev.tightrope.trust.TrustJson;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A promotion gate policy. File format (version 1; every field but {@code version} optional):
 * <pre>
 * {
 *   "version": 1,
 *   "scope": "promote:production",   // approvals must be for this purpose; absent: any purpose
 *   "requireApprovals": 2,           // at least this many counted approvals (default 1)
 *   "distinctReviewers": true,       // count one approval per reviewer key (default true)
 *   "requireRoles": ["security"],    // each role needs a counted approval by a reviewer having it (default none)
 *   "maxAgeDays": 90,                // approvals older than this do not count (default: no limit)
 *   "rejectionBlocks": true          // a valid rejection voids every earlier approval and fails the gate
 *                                    // while it is the newest decision (default true)
 *   "countUnreviewedReviewers": false // also count reviewers (and roles) added locally that are not in the
 *                                    // organisation's reviewed trust store (default false)
 * }
 * </pre>
 * Unknown fields are errors, so a misspelt rule never silently weakens the gate. These are also
 * the approval rules of each stage of a version 2 file ({@link PolicyFile}), which reads a
 * version 1 file as its one stage {@value PolicyFile#V1_STAGE}.
 * {@code countUnreviewedReviewers} is written only when true, so the bytes (and the digest
 * approvals record) of a policy that does not use it stay what they were.
 */
public record Policy(int version, String scope, int requireApprovals, boolean distinctReviewers, List<String> requireRoles,
                     Integer maxAgeDays, boolean rejectionBlocks, boolean countUnreviewedReviewers) {

    public static final int VERSION = 1;
    /** The approval rules' fields, which a version 2 stage has too. */
    static final Set<String> RULE_FIELDS = Set.of("scope", "requireApprovals", "distinctReviewers",
            "requireRoles", "maxAgeDays", "rejectionBlocks", "countUnreviewedReviewers");
    private static final Set<String> FIELDS = union(Set.of("version"), RULE_FIELDS);
    private static final Pattern SCOPE = Pattern.compile("[a-z][a-z0-9._-]*(:[A-Za-z0-9._/-]+)*");

    public Policy {
        if (version != VERSION) {
            throw new IllegalArgumentException("policy version " + version + " is not supported (this build reads " + VERSION + ")");
        }
        if (scope != null && !SCOPE.matcher(scope).matches()) {
            throw new IllegalArgumentException("scope '" + scope + "' is not like promote:production");
        }
        if (requireApprovals < 0) {
            throw new IllegalArgumentException("requireApprovals must not be negative");
        }
        if (maxAgeDays != null && maxAgeDays < 1) {
            throw new IllegalArgumentException("maxAgeDays must be at least 1");
        }
        requireRoles = List.copyOf(new TreeSet<>(requireRoles == null ? List.of() : requireRoles));
    }

    /** A policy that counts only reviewed trust-store entries. */
    public Policy(int version, String scope, int requireApprovals, boolean distinctReviewers, List<String> requireRoles,
                  Integer maxAgeDays, boolean rejectionBlocks) {
        this(version, scope, requireApprovals, distinctReviewers, requireRoles, maxAgeDays, rejectionBlocks, false);
    }

    /** One approval from any reviewed trusted reviewer for any scope; a rejection blocks; no age limit. */
    public static Policy defaults() {
        return new Policy(VERSION, null, 1, true, List.of(), null, true, false);
    }

    public static Policy parse(byte[] json, String location) {
        JsonNode node = TrustJson.parse(json, location);
        if (!node.isObject()) {
            throw new TrustFormatException(location, "a policy is a JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new TrustFormatException(location, "unknown policy field '" + f + "' (known: " + new TreeSet<>(FIELDS) + ")");
            }
        }
        JsonNode version = node.get("version");
        if (version == null || !version.isInt()) {
            throw new TrustFormatException(location, "missing integer 'version' (1)");
        }
        return rules(node, version.asInt(), location);
    }

    /**
     * The approval rules of {@code node} (its fields already checked by the caller): a version 1
     * file, or one stage of a version 2 {@link PolicyFile}, whose approval rules are these.
     */
    static Policy rules(JsonNode node, int version, String location) {
        Policy d = defaults();
        try {
            List<String> roles = d.requireRoles();
            JsonNode r = node.get("requireRoles");
            if (r != null && !r.isNull()) {
                if (!r.isArray()) {
                    throw new TrustFormatException(location, "'requireRoles' must be an array of role names");
                }
                List<String> list = new ArrayList<>();
                for (JsonNode role : r) {
                    if (!role.isTextual()) {
                        throw new TrustFormatException(location, "'requireRoles' must be an array of role names");
                    }
                    list.add(role.asText());
                }
                roles = list;
            }
            return new Policy(version, TrustJson.optionalText(node, "scope", location),
                    integer(node, "requireApprovals", d.requireApprovals(), location),
                    bool(node, "distinctReviewers", d.distinctReviewers(), location), roles,
                    node.hasNonNull("maxAgeDays") ? integer(node, "maxAgeDays", 0, location) : null,
                    bool(node, "rejectionBlocks", d.rejectionBlocks(), location),
                    bool(node, "countUnreviewedReviewers", d.countUnreviewedReviewers(), location));
        } catch (IllegalArgumentException e) {
            throw new TrustFormatException(location, e.getMessage());
        }
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.addAll(b);
        return Set.copyOf(out);
    }

    static int integer(JsonNode node, String field, int fallback, String location) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new TrustFormatException(location, "'" + field + "' must be a whole number");
        }
        return v.asInt();
    }

    static boolean bool(JsonNode node, String field, boolean fallback, String location) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new TrustFormatException(location, "'" + field + "' must be true or false");
        }
        return v.asBoolean();
    }

    public ObjectNode toJson() {
        ObjectNode o = TrustJson.object();
        o.put("version", version);
        if (scope != null) {
            o.put("scope", scope);
        }
        o.put("requireApprovals", requireApprovals);
        o.put("distinctReviewers", distinctReviewers);
        ArrayNode roles = o.putArray("requireRoles");
        requireRoles.forEach(roles::add);
        if (maxAgeDays != null) {
            o.put("maxAgeDays", maxAgeDays);
        }
        o.put("rejectionBlocks", rejectionBlocks);
        if (countUnreviewedReviewers) {
            o.put("countUnreviewedReviewers", true);
        }
        return o;
    }

    public byte[] toBytes() {
        return TrustJson.prettySorted(toJson());
    }
}
