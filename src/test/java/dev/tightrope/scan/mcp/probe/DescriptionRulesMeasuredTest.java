package dev.tightrope.scan.mcp.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The description rules measured on a labelled set (src/test/resources/shadow/descriptions):
 * benign descriptions of real servers (the reference servers as probed, and the published tools
 * of well-known ones), every one of which must draw no finding, and poisoned variants, each
 * labelled with the rule families a reviewer expects. All benign servers count as one client, so
 * shadowing is looked for across all of them, and each poisoned entity is checked as a server of
 * that client. Precision and recall are counted per rule family (one vote per entity and family),
 * printed as a table, and held to floors.
 */
class DescriptionRulesMeasuredTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant AT = Instant.parse("2026-12-01T09:00:00Z");

    static Map<String, ProbeResult> benign;
    static JsonNode poisoned;

    record Score(int truePositives, int falsePositives, int falseNegatives) {
        double precision() {
            return truePositives + falsePositives == 0 ? 1 : (double) truePositives / (truePositives + falsePositives);
        }

        double recall() {
            return truePositives + falseNegatives == 0 ? 1 : (double) truePositives / (truePositives + falseNegatives);
        }

        Score plus(Score o) {
            return new Score(truePositives + o.truePositives, falsePositives + o.falsePositives, falseNegatives + o.falseNegatives);
        }
    }

    /** One entity's verdict: what was expected, what the rules found. */
    record Verdict(String id, Set<String> expected, Set<String> found, List<ProbeFinding> findings) {
    }

    @BeforeAll
    static void readTheSet() throws IOException {
        benign = new LinkedHashMap<>();
        for (JsonNode server : read("benign.json").path("servers")) {
            benign.put(server.path("name").asText(), result(server.path("name").asText(), server.path("instructions").asText(""),
                    entities(server)));
        }
        poisoned = read("poisoned.json").path("cases");
    }

    @Test
    void precisionAndRecallPerRuleFamilyMeetTheirFloors() {
        List<Verdict> verdicts = new ArrayList<>();
        benign.forEach((name, result) -> verdicts.addAll(benignVerdicts(name, result)));
        int benignEntities = verdicts.size();
        for (JsonNode c : poisoned) {
            verdicts.add(poisonedVerdict(c));
        }
        int poisonedEntities = verdicts.size() - benignEntities;

        Map<String, Score> scores = new LinkedHashMap<>();
        for (String rule : DescriptionRules.RULES) {
            int tp = 0;
            int fp = 0;
            int fn = 0;
            for (Verdict v : verdicts) {
                boolean expected = v.expected().contains(rule);
                boolean found = v.found().contains(rule);
                tp += expected && found ? 1 : 0;
                fp += !expected && found ? 1 : 0;
                fn += expected && !found ? 1 : 0;
            }
            scores.put(rule, new Score(tp, fp, fn));
        }
        Score overall = scores.values().stream().reduce(new Score(0, 0, 0), Score::plus);
        long benignFlagged = verdicts.subList(0, benignEntities).stream().filter(v -> !v.found().isEmpty()).count();
        long poisonedCaught = verdicts.subList(benignEntities, verdicts.size()).stream().filter(v -> v.found().stream().anyMatch(v.expected()::contains)).count();

        System.out.printf("description rules on %d benign and %d poisoned entities%n", benignEntities, poisonedEntities);
        System.out.printf("%-26s %4s %4s %4s %9s %7s%n", "rule", "TP", "FP", "FN", "precision", "recall");
        scores.forEach((rule, s) -> System.out.printf("%-26s %4d %4d %4d %9.3f %7.3f%n", rule, s.truePositives(), s.falsePositives(),
                s.falseNegatives(), s.precision(), s.recall()));
        System.out.printf("%-26s %4d %4d %4d %9.3f %7.3f%n", "overall", overall.truePositives(), overall.falsePositives(),
                overall.falseNegatives(), overall.precision(), overall.recall());
        System.out.printf("benign entities with any finding: %d of %d; poisoned entities caught: %d of %d%n", benignFlagged, benignEntities,
                poisonedCaught, poisonedEntities);
        verdicts.stream().filter(v -> !v.found().equals(v.expected())).forEach(v -> System.out.printf("  %s expected %s found %s%n%s", v.id(),
                v.expected(), v.found(), v.findings().stream().filter(f -> !v.expected().contains(f.ruleId()))
                        .map(f -> "    " + f.ruleId() + " @ " + f.location() + ": " + f.evidence().replace("\n", " / ") + "\n").reduce("", String::concat)));

        assertThat(benignEntities).isGreaterThanOrEqualTo(60);
        assertThat(poisonedEntities).isGreaterThanOrEqualTo(60);
        assertThat(overall.precision()).as("overall precision").isGreaterThanOrEqualTo(0.95);
        assertThat(overall.recall()).as("overall recall").isGreaterThanOrEqualTo(0.95);
        scores.forEach((rule, s) -> {
            assertThat(s.truePositives() + s.falseNegatives()).as("labelled cases of " + rule).isGreaterThanOrEqualTo(5);
            assertThat(s.precision()).as("precision of " + rule).isGreaterThanOrEqualTo(0.9);
            assertThat(s.recall()).as("recall of " + rule).isGreaterThanOrEqualTo(0.9);
        });
        assertThat(benignFlagged).as("benign entities with a finding").isLessThanOrEqualTo(benignEntities / 20);
    }

    @Test
    void theToxicFlowIsFoundInTheClientsThatCoverTheTrifectaAndOnlyThere() throws IOException {
        int right = 0;
        int total = 0;
        List<String> wrong = new ArrayList<>();
        for (JsonNode c : read("clients.json").path("clients")) {
            Map<String, ProbeResult> servers = new LinkedHashMap<>();
            c.path("servers").forEach(s -> servers.put(s.asText(), benign.get(s.asText())));
            String first = c.path("servers").get(0).asText();
            boolean found = servers.keySet().stream().anyMatch(s -> ToxicFlow.check(c.path("id").asText(), s, servers).isPresent());
            boolean expected = c.path("trifecta").asBoolean();
            total++;
            if (found == expected) {
                right++;
            } else {
                wrong.add(c.path("id").asText() + " expected " + expected);
            }
            if (expected && found) {
                ProbeFinding f = ToxicFlow.check(c.path("id").asText(), first, servers).or(() -> servers.keySet().stream()
                        .map(s -> ToxicFlow.check(c.path("id").asText(), s, servers)).flatMap(java.util.Optional::stream).findFirst()).orElseThrow();
                assertThat(f.evidence()).contains("untrusted input: ").contains("private data: ").contains("public sink: ");
            }
        }
        System.out.printf("toxic flow: %d of %d labelled clients right %s%n", right, total, wrong);
        assertThat(wrong).isEmpty();
    }

    /** Per entity of a benign server, checked with every other benign server in the same client. */
    private static List<Verdict> benignVerdicts(String name, ProbeResult result) {
        Map<String, ProbeResult> others = new LinkedHashMap<>(benign);
        others.remove(name);
        List<ProbeFinding> findings = DescriptionRules.check(result, others);
        List<Verdict> out = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        if (!result.instructions().isEmpty()) {
            labels.add("server instructions");
        }
        result.entities().forEach(e -> labels.add(e.label()));
        for (String label : labels) {
            List<ProbeFinding> mine = findings.stream().filter(f -> entityOf(f).equals(label)).toList();
            out.add(new Verdict(name + " " + label, Set.of(), families(mine), mine));
        }
        assertThat(findings).allMatch(f -> labels.contains(entityOf(f)));
        return out;
    }

    private static Verdict poisonedVerdict(JsonNode c) {
        String id = c.path("id").asText();
        ProbeResult result = c.has("instructions") ? result("poisoned-" + id, c.path("instructions").asText(), List.of())
                : result("poisoned-" + id, "", List.of(ProbedEntity.of(ProbedEntity.Kind.fromToken(c.path("kind").asText()), c.path("definition"))));
        List<ProbeFinding> findings = DescriptionRules.check(result, benign);
        Set<String> expected = new TreeSet<>();
        c.path("expect").forEach(e -> expected.add(e.asText()));
        assertThat(expected).as(id + " is labelled with known rules").isNotEmpty().allMatch(DescriptionRules.RULES::contains);
        return new Verdict(id, expected, families(findings), findings);
    }

    private static Set<String> families(List<ProbeFinding> findings) {
        Set<String> out = new TreeSet<>();
        findings.forEach(f -> out.add(f.ruleId()));
        return out;
    }

    /** {@code tool add: inputSchema.properties.a.description} → {@code tool add}. */
    private static String entityOf(ProbeFinding f) {
        int colon = f.location().indexOf(": ");
        return colon < 0 ? f.location() : f.location().substring(0, colon);
    }

    private static List<ProbedEntity> entities(JsonNode server) {
        List<ProbedEntity> out = new ArrayList<>();
        Map<String, ProbedEntity.Kind> lists = Map.of("tools", ProbedEntity.Kind.TOOL, "prompts", ProbedEntity.Kind.PROMPT,
                "resources", ProbedEntity.Kind.RESOURCE, "resourceTemplates", ProbedEntity.Kind.RESOURCE_TEMPLATE);
        for (String list : new LinkedHashSet<>(List.of("tools", "prompts", "resources", "resourceTemplates"))) {
            server.path(list).forEach(e -> out.add(ProbedEntity.of(lists.get(list), e)));
        }
        return out;
    }

    static ProbeResult result(String name, String instructions, List<ProbedEntity> entities) {
        return new ProbeResult(AT, "2025-11-25", name, "1.0", null, instructions, entities, List.of(), 0);
    }

    static JsonNode read(String file) throws IOException {
        try (InputStream in = DescriptionRulesMeasuredTest.class.getResourceAsStream("/shadow/descriptions/" + file)) {
            return JSON.readTree(in);
        }
    }
}
