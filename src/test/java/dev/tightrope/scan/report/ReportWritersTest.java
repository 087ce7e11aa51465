package dev.tightrope.scan.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tightrope.scan.ModelScanner;
import dev.tightrope.scan.ScanReport;
import dev.tightrope.scan.ScanRules;
import dev.tightrope.scan.Verdict;
import dev.tightrope.scan.testing.PickleWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWritersTest {

    @TempDir
    Path dir;
    ScanReport report;

    @BeforeEach
    void scan() throws IOException {
        Files.write(dir.resolve("adapter_model.bin"), PickleWriter.reduceCall("posix", "system"));
        Files.write(dir.resolve("clean.pkl"), PickleWriter.proto(2).none().stop().bytes());
        Files.write(dir.resolve("estimator.pkl"), PickleWriter.reduceCall("sklearn.tree", "DecisionTreeClassifier"));
        report = ModelScanner.builder().threads(1).build().scan(dir);
    }

    @Test
    void jsonHasOneObjectPerFileWithTheDocumentedFields() throws IOException {
        StringWriter out = new StringWriter();
        new JsonReportWriter().write(report, out);
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(3);
        ObjectMapper m = new ObjectMapper();
        JsonNode first = m.readTree(lines[0]);
        assertThat(first.get("path").asText()).endsWith("adapter_model.bin");
        assertThat(first.get("format").asText()).isEqualTo("PICKLE");
        assertThat(first.get("verdict").asText()).isEqualTo("DANGEROUS");
        assertThat(first.get("sha256").asText()).hasSize(64);
        JsonNode f = first.get("findings").get(0);
        assertThat(f.get("ruleId").asText()).isEqualTo("pickle.denied-import");
        assertThat(f.get("verdict").asText()).isEqualTo("DANGEROUS");
        assertThat(f.get("severity").asText()).isEqualTo("critical");
        assertThat(f.get("evidence").asText()).isEqualTo("posix.system");
        assertThat(f.get("member").asText()).isEmpty();
        assertThat(f.get("offset").asLong()).isEqualTo(2);
        assertThat(f.get("message").asText()).isNotBlank();
        assertThat(m.readTree(lines[1]).get("findings")).isEmpty();
    }

    @Test
    void sarifIsVersion210WithRulesLevelsAndByteRegions() throws IOException {
        StringWriter out = new StringWriter();
        new SarifReportWriter("0.1.0", dir).write(report, out);
        JsonNode root = new ObjectMapper().readTree(out.toString());
        assertThat(root.get("version").asText()).isEqualTo("2.1.0");
        assertThat(root.get("$schema").asText()).contains("sarif-2.1.0");
        JsonNode run = root.get("runs").get(0);
        JsonNode rules = run.get("tool").get("driver").get("rules");
        List<String> ruleIds = new ArrayList<>();
        rules.forEach(r -> ruleIds.add(r.get("id").asText()));
        assertThat(ruleIds).containsExactly("pickle.denied-import", "pickle.unknown-import");
        assertThat(rules.get(0).get("help").get("text").asText()).isNotBlank();
        JsonNode results = run.get("results");
        assertThat(results).hasSize(2);
        JsonNode dangerous = results.get(0);
        assertThat(dangerous.get("level").asText()).isEqualTo("error");
        assertThat(dangerous.get("ruleIndex").asInt()).isZero();
        JsonNode loc = dangerous.get("locations").get(0).get("physicalLocation");
        assertThat(loc.get("artifactLocation").get("uri").asText()).isEqualTo("adapter_model.bin");
        assertThat(loc.get("region").get("byteOffset").asLong()).isEqualTo(2);
        assertThat(results.get(1).get("level").asText()).isEqualTo("warning");
    }

    @Test
    void textNamesEveryFileAndSummarises() throws IOException {
        StringWriter out = new StringWriter();
        new TextReportWriter().write(report, out);
        assertThat(out.toString()).contains("DANGEROUS", "adapter_model.bin", "pickle.denied-import", "evidence: posix.system",
                "3 files: 1 safe, 1 suspicious, 0 invalid, 1 dangerous. Verdict: DANGEROUS", "Model digest (OMS v1.0 root): sha256:");
    }

    @Test
    void failOnThresholdFollowsTheRollUp() {
        assertThat(report.reaches(Verdict.DANGEROUS)).isTrue();
        assertThat(report.reaches(Verdict.SUSPICIOUS)).isTrue();
        assertThat(SarifReportWriter.level(Verdict.INVALID)).isEqualTo("error");
        assertThat(SarifReportWriter.level(Verdict.SAFE)).isEqualTo("note");
    }

    @Test
    void everyCataloguedRuleHasTitleAndHelp() {
        assertThat(ScanRules.all()).hasSizeGreaterThan(40);
        ScanRules.all().values().forEach(r -> {
            assertThat(r.title()).isNotBlank();
            assertThat(r.help()).isNotBlank();
        });
        assertThat(ScanRules.describe("gguf.bad-alignment").help()).contains("gguf");
    }
}
