package dev.tightrope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code tightrope scan} on the demo's model files: formats, thresholds, exit codes. No workspace involved. */
class ScanCommandTest {

    static final Path MODELS = Path.of("sample-data", "models");

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new PrintWriter(out), new PrintWriter(err), (w, d) -> { }, w -> {
            throw new AssertionError("scan must not open a workspace");
        });
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void aSafeModelExitsZeroWithItsRootDigest() {
        Result r = run("scan", MODELS.resolve("fraud-bert-v3").toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Verdict: SAFE").contains("OMS v1.0 root");
    }

    @Test
    void aDangerousPickleExitsOneAndJsonListsEveryFile() throws Exception {
        Result r = run("scan", MODELS.resolve("support-chat-adapter").toString(), "--format", "json");
        assertThat(r.code()).isEqualTo(Cli.FAILED);
        List<JsonNode> files = new ArrayList<>();
        for (String line : r.out().strip().split("\n")) {
            files.add(new ObjectMapper().readTree(line));
        }
        assertThat(files).extracting(f -> f.get("name").asText()).contains("adapter_model.bin");
        JsonNode bin = files.stream().filter(f -> f.get("name").asText().equals("adapter_model.bin")).findFirst().orElseThrow();
        assertThat(bin.get("verdict").asText()).isEqualTo("DANGEROUS");
        assertThat(bin.get("sha256").asText()).hasSize(64);
        assertThat(bin.get("findings").get(0).get("evidence").asText()).isEqualTo("posix.system");
        for (JsonNode f : files) {
            assertThat(f.has("path") && f.has("format") && f.has("verdict") && f.has("sha256") && f.has("findings")).isTrue();
        }
    }

    @Test
    void failOnSuspiciousCatchesOffListImports() {
        String joblib = MODELS.resolve("credit-risk-xgb-v7").toString();
        assertThat(run("scan", joblib).code()).isZero();
        assertThat(run("scan", joblib, "--fail-on", "suspicious").code()).isEqualTo(Cli.FAILED);
    }

    @Test
    void sarifIsVersion210WithResultsAndRules() throws Exception {
        Result r = run("scan", MODELS.toString(), "--format", "sarif");
        JsonNode sarif = new ObjectMapper().readTree(r.out());
        assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
        JsonNode run = sarif.get("runs").get(0);
        assertThat(run.get("tool").get("driver").get("name").asText()).containsIgnoringCase("tightrope");
        assertThat(run.get("results")).anySatisfy(res -> {
            assertThat(res.get("ruleId").asText()).isEqualTo("gguf.chat-template-ssti");
            assertThat(res.get("level").asText()).isEqualTo("error");
            assertThat(res.get("locations").get(0).get("physicalLocation").get("artifactLocation").get("uri").asText())
                    .isEqualTo("sample-data/models/support-chat-q4/support-chat.Q4_K_M.gguf");
        });
        assertThat(r.code()).isEqualTo(Cli.FAILED);
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("scan").code()).isEqualTo(Cli.ERROR);
        assertThat(run("scan", "does/not/exist").code()).isEqualTo(Cli.ERROR);
        assertThat(run("scan", "does/not/exist").err()).contains("no such file or directory");
        assertThat(run("scan", MODELS.toString(), "--format", "xml").code()).isEqualTo(Cli.ERROR);
        assertThat(run("scan", MODELS.toString(), "--fail-on", "sometimes").code()).isEqualTo(Cli.ERROR);
    }
}
