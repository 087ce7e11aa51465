package dev.tightrope.scan.mcp.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The description rules measured on labelled sets (src/test/resources/shadow/descriptions): benign
 * descriptions of real servers, every one of which should draw no finding, and poisoned variants,
 * each labelled with the rule families a reviewer expects. All benign servers of a set count as
 * one client, so shadowing is looked for across all of them, and each poisoned entity is checked
 * as a server of that client. Precision and recall are counted per rule family (one vote per
 * entity and family), printed as a table, and held to the floors each set reaches.
 *
 * <p>The sets differ in what their figures mean: {@code tuned} is the set the rules were written
 * against; {@code heldout} was written and committed before the rules were first run on it, and
 * its figures before tuning are in the README (the rules were then tuned on it too); {@code fresh}
 * was written after that tuning and measured untouched, so it alone tells how the rules
 * generalise.
 */
class DescriptionRulesMeasuredTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant AT = Instant.parse("2026-12-01T09:00:00Z");

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

    /** A set's figures: per rule family, overall, and per entity. */
    record Measure(Map<String, Score> scores, Score overall, int benignEntities, long benignFlagged, int poisonedEntities,
            long poisonedCaught) {
    }

    /** A labelled set in one resource folder: benign servers as one client, poisoned cases, labelled clients. */
    record LabelledSet(String folder, Map<String, ProbeResult> benign, JsonNode poisoned) {
        static LabelledSet read(String folder) throws IOException {
            Map<String, ProbeResult> benign = new LinkedHashMap<>();
            for (JsonNode server : DescriptionRulesMeasuredTest.read(folder, "benign.json").path("servers")) {
                benign.put(server.path("name").asText(), result(server.path("name").asText(), server.path("instructions").asText(""),
                        entities(server)));
            }
            return new LabelledSet(folder, benign, DescriptionRulesMeasuredTest.read(folder, "poisoned.json").path("cases"));
        }

        Measure measure() {
            List<Verdict> verdicts = new ArrayList<>();
            benign.forEach((name, result) -> verdicts.addAll(benignVerdicts(name, result)));
            int benignEntities = verdicts.size();
            for (JsonNode c : poisoned) {
                verdicts.add(poisonedVerdict(c));
            }
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
            List<Verdict> poisonedVerdicts = verdicts.subList(benignEntities, verdicts.size());
            long poisonedCaught = poisonedVerdicts.stream().filter(v -> v.found().stream().anyMatch(v.expected()::contains)).count();
            Measure m = new Measure(scores, overall, benignEntities, benignFlagged, poisonedVerdicts.size(), poisonedCaught);
            print(m, verdicts);
            return m;
        }

        private void print(Measure m, List<Verdict> verdicts) {
            System.out.printf("description rules on the %s set: %d benign and %d poisoned entities%n", folder, m.benignEntities(),
                    m.poisonedEntities());
            System.out.printf("%-26s %4s %4s %4s %9s %7s%n", "rule", "TP", "FP", "FN", "precision", "recall");
            m.scores().forEach((rule, s) -> System.out.printf("%-26s %4d %4d %4d %9.3f %7.3f%n", rule, s.truePositives(),
                    s.falsePositives(), s.falseNegatives(), s.precision(), s.recall()));
            Score o = m.overall();
            System.out.printf("%-26s %4d %4d %4d %9.3f %7.3f%n", "overall", o.truePositives(), o.falsePositives(), o.falseNegatives(),
                    o.precision(), o.recall());
            System.out.printf("benign entities with any finding: %d of %d; poisoned entities caught: %d of %d%n", m.benignFlagged(),
                    m.benignEntities(), m.poisonedCaught(), m.poisonedEntities());
            verdicts.stream().filter(v -> !v.found().equals(v.expected())).forEach(v -> System.out.printf("  %s expected %s found %s%n%s",
                    v.id(), v.expected(), v.found(), v.findings().stream().filter(f -> !v.expected().contains(f.ruleId()))
                            .map(f -> "    " + f.ruleId() + " @ " + f.location() + ": " + f.evidence().replace("\n", " / ") + "\n")
                            .reduce("", String::concat)));
        }

        /** Per entity of a benign server, checked with every other benign server in the same client. */
        private List<Verdict> benignVerdicts(String name, ProbeResult result) {
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

        private Verdict poisonedVerdict(JsonNode c) {
            String id = c.path("id").asText();
            ProbeResult result = c.has("instructions") ? result("poisoned-" + id, c.path("instructions").asText(), List.of())
                    : result("poisoned-" + id, "", List.of(ProbedEntity.of(ProbedEntity.Kind.fromToken(c.path("kind").asText()),
                            c.path("definition"))));
            List<ProbeFinding> findings = DescriptionRules.check(result, benign);
            Set<String> expected = new TreeSet<>();
            c.path("expect").forEach(e -> expected.add(e.asText()));
            assertThat(expected).as(id + " is labelled with known rules").isNotEmpty().allMatch(DescriptionRules.RULES::contains);
            return new Verdict(id, expected, families(findings), findings);
        }

        /** How many labelled clients ToxicFlow judges right; the wrong ones are printed. */
        List<String> wrongToxicFlows() throws IOException {
            int total = 0;
            List<String> wrong = new ArrayList<>();
            for (JsonNode c : DescriptionRulesMeasuredTest.read(folder, "clients.json").path("clients")) {
                Map<String, ProbeResult> servers = new LinkedHashMap<>();
                c.path("servers").forEach(s -> servers.put(s.asText(), benign.get(s.asText())));
                String client = c.path("id").asText();
                Optional<ProbeFinding> found = servers.keySet().stream().map(s -> ToxicFlow.check(client, s, servers))
                        .flatMap(Optional::stream).findFirst();
                boolean expected = c.path("trifecta").asBoolean();
                total++;
                if (found.isPresent() != expected) {
                    wrong.add(client + " expected " + expected);
                }
                found.filter(f -> expected).ifPresent(f -> assertThat(f.evidence()).contains("untrusted input: ").contains("private data: ")
                        .contains("public sink: "));
            }
            System.out.printf("toxic flow on the %s set: %d of %d labelled clients right %s%n", folder, total - wrong.size(), total, wrong);
            return wrong;
        }
    }

    @Test
    void onTheSetTheRulesWereWrittenAgainstPrecisionAndRecallMeetTheirFloors() throws IOException {
        Measure m = LabelledSet.read("").measure();
        assertThat(m.benignEntities()).isGreaterThanOrEqualTo(60);
        assertThat(m.poisonedEntities()).isGreaterThanOrEqualTo(60);
        assertThat(m.overall().precision()).as("overall precision").isGreaterThanOrEqualTo(0.95);
        assertThat(m.overall().recall()).as("overall recall").isGreaterThanOrEqualTo(0.95);
        m.scores().forEach((rule, s) -> {
            assertThat(s.truePositives() + s.falseNegatives()).as("labelled cases of " + rule).isGreaterThanOrEqualTo(5);
            assertThat(s.precision()).as("precision of " + rule).isGreaterThanOrEqualTo(0.9);
            assertThat(s.recall()).as("recall of " + rule).isGreaterThanOrEqualTo(0.9);
        });
        assertThat(m.benignFlagged()).as("benign entities with a finding").isLessThanOrEqualTo(m.benignEntities() / 20);
    }

    @Test
    void onTheHeldOutSetPrecisionAndRecallMeetTheirFloors() throws IOException {
        Measure m = LabelledSet.read("heldout/").measure();
        assertThat(m.benignEntities()).isGreaterThanOrEqualTo(60);
        assertThat(m.poisonedEntities()).isGreaterThanOrEqualTo(60);
        // before tuning: precision 0.972, recall 0.600; these are the floors after it (the set is no longer held out)
        assertThat(m.overall().precision()).as("overall precision").isGreaterThanOrEqualTo(0.99);
        assertThat(m.overall().recall()).as("overall recall").isGreaterThanOrEqualTo(0.99);
        m.scores().forEach((rule, s) -> {
            assertThat(s.truePositives() + s.falseNegatives()).as("labelled cases of " + rule).isGreaterThanOrEqualTo(6);
            assertThat(s.precision()).as("precision of " + rule).isGreaterThanOrEqualTo(0.95);
            assertThat(s.recall()).as("recall of " + rule).isGreaterThanOrEqualTo(0.95);
        });
        assertThat(m.benignFlagged()).as("benign entities with a finding").isZero();
        assertThat(m.poisonedCaught()).as("poisoned entities caught").isEqualTo(m.poisonedEntities());
    }

    @Test
    void onTheFreshSetMeasuredUntouchedAfterTuningPrecisionAndRecallMeetTheirFloors() throws IOException {
        Measure m = LabelledSet.read("fresh/").measure();
        assertThat(m.benignEntities()).isGreaterThanOrEqualTo(20);
        assertThat(m.poisonedEntities()).isGreaterThanOrEqualTo(20);
        // measured once, untouched: precision 1.000, recall 0.800; coercion phrasing is where new wording still slips through
        assertThat(m.overall().precision()).as("overall precision").isGreaterThanOrEqualTo(0.99);
        assertThat(m.overall().recall()).as("overall recall").isGreaterThanOrEqualTo(0.8);
        assertThat(m.scores().get(DescriptionRules.COERCION).recall()).as("recall of coercion").isGreaterThanOrEqualTo(0.44);
        assertThat(m.benignFlagged()).as("benign entities with a finding").isZero();
        assertThat(m.poisonedCaught()).as("poisoned entities caught").isGreaterThanOrEqualTo(17);
    }

    @Test
    void theToxicFlowIsFoundInTheClientsThatCoverTheTrifectaAndOnlyThere() throws IOException {
        assertThat(LabelledSet.read("").wrongToxicFlows()).isEmpty();
        assertThat(LabelledSet.read("heldout/").wrongToxicFlows()).isEmpty();
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
        Map<String, ProbedEntity.Kind> lists = new LinkedHashMap<>();
        lists.put("tools", ProbedEntity.Kind.TOOL);
        lists.put("prompts", ProbedEntity.Kind.PROMPT);
        lists.put("resources", ProbedEntity.Kind.RESOURCE);
        lists.put("resourceTemplates", ProbedEntity.Kind.RESOURCE_TEMPLATE);
        lists.forEach((list, kind) -> server.path(list).forEach(e -> out.add(ProbedEntity.of(kind, e))));
        return out;
    }

    static ProbeResult result(String name, String instructions, List<ProbedEntity> entities) {
        return new ProbeResult(AT, "2025-11-25", name, "1.0", null, instructions, entities, List.of(), 0);
    }

    static JsonNode read(String folder, String file) throws IOException {
        try (InputStream in = DescriptionRulesMeasuredTest.class.getResourceAsStream("/shadow/descriptions/" + folder + file)) {
            return JSON.readTree(in);
        }
    }
}
