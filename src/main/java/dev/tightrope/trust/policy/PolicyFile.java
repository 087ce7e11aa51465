package dev.tightrope.trust.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.trust.TrustFormatException;
import dev.tightrope.trust.TrustJson;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The promotion policy file, either version. Version 1 ({@link Policy}) is approval rules only
 * and reads as one stage named {@value #V1_STAGE}, its bytes unchanged. Version 2 has one
 * section per promotion stage and the exceptions:
 * <pre>
 * {
 *   "version": 2,
 *   "defaultStage": "production",        // optional: production when there is one, else the only stage
 *   "stages": {
 *     "staging":    {"requireApprovals": 1, "requireOwner": true, "maxOpenSeverity": "high"},
 *     "production": {"scope": "promote:production", "requireApprovals": 2, "requireRoles": ["security"],
 *                    "maxAgeDays": 90, "maxOpenSeverity": "medium", "requireOwner": true,
 *                    "requireTrainingData": true, "requireScan": {"failOn": "medium"}}
 *   },
 *   "exceptions": [{"asset": "tr:…", "rules": ["findings"], "stages": ["production"],
 *                   "justification": "…", "approver": "helen.park", "expires": "2026-12-31"}]
 * }
 * </pre>
 * A stage takes every version 1 field but {@code version}, with the same defaults, and the
 * rules about the release's facts ({@link PolicyStage}). Unknown fields are errors at every
 * level. The published JSON Schema is {@code policies/policy.schema.json}.
 */
public record PolicyFile(int version, String defaultStage, Map<String, PolicyStage> stages, List<PolicyException> exceptions) {

    public static final int VERSION = 2;
    public static final String V1_STAGE = "default";
    public static final String PRODUCTION = "production";
    private static final Set<String> FIELDS = Set.of("version", "defaultStage", "stages", "exceptions");

    public PolicyFile {
        if (version != Policy.VERSION && version != VERSION) {
            throw new IllegalArgumentException("policy version " + version + " is not supported (this build reads 1 and 2)");
        }
        if (stages == null || stages.isEmpty()) {
            throw new IllegalArgumentException("a policy has at least one stage");
        }
        stages = Collections.unmodifiableMap(new LinkedHashMap<>(stages));
        exceptions = List.copyOf(exceptions == null ? List.of() : exceptions);
        if (version == Policy.VERSION && (stages.size() != 1 || !stages.containsKey(V1_STAGE) || !exceptions.isEmpty())) {
            throw new IllegalArgumentException("a version 1 policy is one stage, '" + V1_STAGE + "', without exceptions");
        }
        if (defaultStage == null) {
            defaultStage = stages.containsKey(PRODUCTION) ? PRODUCTION : stages.size() == 1 ? stages.keySet().iterator().next() : null;
            if (defaultStage == null) {
                throw new IllegalArgumentException("name the 'defaultStage': the policy has no stage 'production' and more than one stage "
                        + stages.keySet());
            }
        } else if (!stages.containsKey(defaultStage)) {
            throw new IllegalArgumentException("defaultStage '" + defaultStage + "' is not one of the stages " + stages.keySet());
        }
        for (PolicyException e : exceptions) {
            for (String s : e.stages()) {
                if (!stages.containsKey(s)) {
                    throw new IllegalArgumentException("an exception for " + e.asset() + " names stage '" + s + "', which the policy does not have "
                            + stages.keySet());
                }
            }
        }
    }

    /** A version 1 policy as a file of one stage. */
    public static PolicyFile of(Policy v1) {
        return new PolicyFile(Policy.VERSION, null, Map.of(V1_STAGE, PolicyStage.approvalsOnly(V1_STAGE, v1)), List.of());
    }

    public static PolicyFile load(Path file) {
        try {
            return parse(TrustJson.readFile(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new TrustFormatException(file.toString(), "no such policy file");
        } catch (IOException e) {
            throw new TrustFormatException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
    }

    public static PolicyFile parse(byte[] json, String location) {
        JsonNode node = TrustJson.parse(json, location);
        if (!node.isObject()) {
            throw new TrustFormatException(location, "a policy is a JSON object");
        }
        JsonNode version = node.get("version");
        if (version != null && version.isInt() && version.asInt() == Policy.VERSION) {
            return of(Policy.parse(json, location));
        }
        if (version == null || !version.isInt()) {
            throw new TrustFormatException(location, "missing integer 'version' (1 or 2)");
        }
        if (version.asInt() != VERSION) {
            throw new TrustFormatException(location, "policy version " + version.asInt() + " is not supported (this build reads 1 and 2)");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new TrustFormatException(location, "unknown policy field '" + f + "' (known: " + new TreeSet<>(FIELDS)
                        + "; a version 2 policy keeps its rules under 'stages')");
            }
        }
        JsonNode stagesNode = node.get("stages");
        if (stagesNode == null || !stagesNode.isObject() || stagesNode.isEmpty()) {
            throw new TrustFormatException(location, "'stages' must be an object with at least one stage, e.g. {\"production\": {…}}");
        }
        Map<String, PolicyStage> stages = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = stagesNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                stages.put(e.getKey(), PolicyStage.parse(e.getKey(), e.getValue(), location));
            } catch (IllegalArgumentException ex) {
                throw new TrustFormatException(location, ex.getMessage());
            }
        }
        List<PolicyException> exceptions = new ArrayList<>();
        JsonNode ex = node.get("exceptions");
        if (ex != null && !ex.isNull()) {
            if (!ex.isArray()) {
                throw new TrustFormatException(location, "'exceptions' must be an array");
            }
            int i = 0;
            for (JsonNode e : ex) {
                exceptions.add(PolicyException.parse(e, location + " exception " + (i++ + 1)));
            }
        }
        try {
            return new PolicyFile(VERSION, TrustJson.optionalText(node, "defaultStage", location), stages, exceptions);
        } catch (IllegalArgumentException e) {
            throw new TrustFormatException(location, e.getMessage());
        }
    }

    /** The stage by name, or the default stage when {@code name} is null. */
    public PolicyStage stage(String name) {
        String n = name == null ? defaultStage : name;
        PolicyStage s = stages.get(n);
        if (s == null) {
            throw new IllegalArgumentException("the policy has no stage '" + n + "' (stages: " + String.join(", ", stages.keySet()) + ")");
        }
        return s;
    }

    /** The same file with one stage replaced (a version 1 file stays version 1). */
    public PolicyFile withStage(PolicyStage stage) {
        Map<String, PolicyStage> out = new LinkedHashMap<>(stages);
        out.put(stage.name(), stage);
        return new PolicyFile(version, version == VERSION ? explicitDefault() : null, out, exceptions);
    }

    /** The file with these exceptions; a version 1 file becomes version 2 (its stage keeps the name {@value #V1_STAGE}). */
    public PolicyFile withExceptions(List<PolicyException> newExceptions) {
        return new PolicyFile(VERSION, explicitDefault(), stages, newExceptions);
    }

    /** The default stage when the file must say it (it is not the one implied), else null. */
    private String explicitDefault() {
        String implied = stages.containsKey(PRODUCTION) ? PRODUCTION : stages.size() == 1 ? stages.keySet().iterator().next() : null;
        return defaultStage.equals(implied) ? null : defaultStage;
    }

    public ObjectNode toJson() {
        if (version == Policy.VERSION) {
            return stage(V1_STAGE).approvals().toJson();
        }
        ObjectNode o = TrustJson.object();
        o.put("version", VERSION);
        if (explicitDefault() != null) {
            o.put("defaultStage", defaultStage);
        }
        ObjectNode s = o.putObject("stages");
        stages.forEach((name, stage) -> s.set(name, stage.toJson()));
        if (!exceptions.isEmpty()) {
            ArrayNode a = o.putArray("exceptions");
            exceptions.forEach(e -> a.add(e.toJson()));
        }
        return o;
    }

    /** Sorted, pretty JSON: the exact bytes of a version 1 file are {@link Policy#toBytes()}'s. */
    public byte[] toBytes() {
        return version == Policy.VERSION ? stage(V1_STAGE).approvals().toBytes() : TrustJson.prettySorted(toJson());
    }
}
