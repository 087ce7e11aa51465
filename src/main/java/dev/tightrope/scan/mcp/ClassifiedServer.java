package dev.tightrope.scan.mcp;

import dev.tightrope.domain.Severity;
import dev.tightrope.scan.mcp.Classification.Verdict;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One server of a discovery by its launch identity, with every entry that configures it, its
 * classification and what is wrong with it. The sync source and the command line both judge
 * servers through this, so a server is the same asset with the same findings in the cache and in
 * a CI report.
 *
 * @param key            the launch identity's key ({@link LaunchIdentity#key()})
 * @param entries        every entry that launches it, in discovery order
 * @param classification the best verdict over the entries (a later entry's name may be the one matching an approved server's)
 * @param blocked        the entries a policy file blocks, with why
 */
public record ClassifiedServer(String key, List<McpServerEntry> entries, Classification classification, List<Blocked> blocked) {

    /** An entry a policy file keeps its client from starting. */
    public record Blocked(McpServerEntry entry, String reason) {
    }

    /**
     * What a finding says about the server and where it was seen.
     *
     * @param entry the entry whose file and line are the evidence
     */
    public record Observation(ConfigRisk risk, McpServerEntry entry) {
        public Observation {
            Objects.requireNonNull(risk, "risk");
            Objects.requireNonNull(entry, "entry");
        }

        public boolean literalSecret() {
            return risk.ruleId().startsWith("secret.");
        }
    }

    public ClassifiedServer {
        entries = List.copyOf(entries);
        blocked = List.copyOf(blocked);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a server is configured at least once");
        }
    }

    /** Every server of {@code report}, grouped by launch identity and classified by {@code classifier}. */
    public static List<ClassifiedServer> of(DiscoveryReport report, Classifier classifier) {
        Map<String, List<McpServerEntry>> byIdentity = new LinkedHashMap<>();
        for (McpServerEntry e : report.entries()) {
            byIdentity.computeIfAbsent(e.identity().key(), k -> new ArrayList<>()).add(e);
        }
        List<ClassifiedServer> out = new ArrayList<>();
        byIdentity.forEach((key, entries) -> {
            Classification c = classifier.classify(entries.get(0).identity(), entries.get(0).name());
            for (McpServerEntry e : entries.subList(1, entries.size())) {
                Classification other = classifier.classify(e.identity(), e.name());
                if (other.verdict().ordinal() < c.verdict().ordinal()) {
                    c = other;
                }
            }
            List<Blocked> blocked = new ArrayList<>();
            for (McpServerEntry e : entries) {
                Optional<String> reason = McpPolicy.blockedBy(e, c.verdict() == Verdict.APPROVED, report.policies());
                reason.ifPresent(r -> blocked.add(new Blocked(e, r)));
            }
            out.add(new ClassifiedServer(key, entries, c, blocked));
        });
        return out;
    }

    public McpServerEntry first() {
        return entries.get(0);
    }

    public Verdict verdict() {
        return classification.verdict();
    }

    /** Whether some entry is enabled and not blocked by a policy. */
    public boolean enabled() {
        return entries.stream().anyMatch(McpServerEntry::enabled) && blocked.size() < entries.size();
    }

    /**
     * The findings: the classification's (all but APPROVED have one; a lookalike of an approved
     * identifier adds {@code mcp.typosquat}), each entry's config risks once per file and line,
     * and one {@code mcp.blocked-by-policy} per blocked entry.
     */
    public List<Observation> observations() {
        List<Observation> out = new ArrayList<>();
        Classification c = classification;
        McpServerEntry first = first();
        switch (c.verdict()) {
            case APPROVED -> {
                // nothing to say: the launch is the approved one
            }
            case APPROVED_UNPINNED -> out.add(new Observation(new ConfigRisk("mcp.approved-unpinned", Severity.LOW,
                    "An approved server launched without an approved version", c.reason()), first));
            case NAME_ONLY -> out.add(new Observation(new ConfigRisk("mcp.name-only", Severity.MEDIUM,
                    "Only the name matches an approved server: what it launches is not approved", c.reason()), first));
            case UNREGISTERED -> out.add(new Observation(new ConfigRisk("mcp.unregistered", c.lookalikeOf() == null ? Severity.MEDIUM : Severity.HIGH,
                    "An MCP server nobody approved (shadow AI)", c.reason()), first));
        }
        if (c.lookalikeOf() != null) {
            out.add(new Observation(new ConfigRisk("mcp.typosquat", Severity.HIGH, "The package looks like an approved one: a possible typosquat",
                    first.identity().identifier() + " looks like the approved " + c.lookalikeOf()), first));
        }
        Set<String> reported = new HashSet<>();
        for (McpServerEntry e : entries) {
            for (ConfigRisk r : e.risks()) {
                if (reported.add(r.ruleId() + "|" + e.location() + "|" + r.evidence())) {
                    out.add(new Observation(r, e));
                }
            }
        }
        for (Blocked b : blocked) {
            out.add(new Observation(new ConfigRisk("mcp.blocked-by-policy", Severity.INFO, "A policy file blocks this server in its client",
                    b.reason()), b.entry()));
        }
        return out;
    }
}
