package dev.tightrope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.DemoWorkspace;
import dev.tightrope.service.GateResult;
import dev.tightrope.service.Tightrope;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One engine for every gate: for demo releases at both stages, the service the console uses,
 * {@code tightrope verify --policy --stage} with the workspace cache, and {@code tightrope policy
 * check --json} give the same outcome and the same rules (name, status, detail).
 */
class PolicyVerdictAgreementTest {

    @TempDir
    static Path ws;

    static final String MLFLOW = "tr:model_version:openlineage:mlflow://mlflow.kestrel.example/models/";
    static final List<String> RELEASES = List.of(MLFLOW + "fraud-bert/3", MLFLOW + "credit-risk-xgb/7", MLFLOW + "churn-legacy/2",
            "tr:model_version:openlineage:huggingface://hf-mirror.example.net/community-lora/llama3.1-8b-customer-support@9f3c2b1");

    record Verdict(String outcome, List<String> rules) {
    }

    /** Service verdicts by release and stage, and each release's digest, read before the command line opens the workspace. */
    static final Map<String, Verdict> SERVICE = new LinkedHashMap<>();
    static final Map<String, String> DIGESTS = new LinkedHashMap<>();

    @BeforeAll
    static void loadTheDemo() {
        try (Tightrope t = Tightrope.open(ws)) {
            new DemoWorkspace(t).load(SyncListener.NONE, new Cancellation());
            for (String urn : RELEASES) {
                for (String stage : List.of("staging", "production")) {
                    GateResult g = t.policy().check(urn, stage);
                    SERVICE.put(urn + " " + stage, new Verdict(g.outcome().name(),
                            g.rules().stream().map(r -> r.name() + " " + r.status() + " " + r.detail()).toList()));
                    DIGESTS.put(urn, g.subjectDigest());
                }
            }
        }
    }

    static JsonNode cli(int expectedCode, String... args) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new ByteArrayInputStream(new byte[0]), Map.of(), new PrintWriter(out), new PrintWriter(err),
                (w, d) -> { }, Tightrope::open);
        assertThat(code).as(err.toString()).isEqualTo(expectedCode);
        return new ObjectMapper().readTree(out.toString());
    }

    static Verdict verdict(JsonNode report) {
        List<String> rules = new ArrayList<>();
        report.get("rules").forEach(r -> rules.add(r.get("rule").asText() + " " + r.get("status").asText() + " " + r.get("detail").asText()));
        return new Verdict(report.get("outcome").asText(), rules);
    }

    @Test
    void theServiceVerifyAndPolicyCheckGiveTheSameVerdict() throws IOException {
        for (Map.Entry<String, Verdict> e : SERVICE.entrySet()) {
            String urn = e.getKey().substring(0, e.getKey().lastIndexOf(' '));
            String stage = e.getKey().substring(e.getKey().lastIndexOf(' ') + 1);
            int code = e.getValue().outcome().equals("PASS") ? 0 : 1;
            Verdict check = verdict(cli(code, "--workspace", ws.toString(), "policy", "check", urn, "--stage", stage, "--json"));
            Verdict verify = verdict(cli(code, "--workspace", ws.toString(), "verify", "--subject", DIGESTS.get(urn),
                    "--attestations", ws.resolve("approvals").toString(), "--trust", ws.resolve("trust/reviewers.json").toString(),
                    "--policy", ws.resolve("policies/default.json").toString(), "--stage", stage, "--json"));
            assertThat(check).as(e.getKey() + " policy check").isEqualTo(e.getValue());
            assertThat(verify).as(e.getKey() + " verify").isEqualTo(e.getValue());
        }
        assertThat(SERVICE.get(MLFLOW + "fraud-bert/3 production").outcome()).isEqualTo("PASS");
        assertThat(SERVICE.get(MLFLOW + "credit-risk-xgb/7 staging").outcome()).isEqualTo("PASS");
        assertThat(SERVICE.get(MLFLOW + "credit-risk-xgb/7 production").rules()).filteredOn(r -> r.contains(" FAIL "))
                .extracting(r -> r.substring(0, r.indexOf(" FAIL "))).containsExactly("approvals", "role security");
        assertThat(SERVICE.get(MLFLOW + "churn-legacy/2 staging").rules()).anySatisfy(r -> assertThat(r)
                .startsWith("owner FAIL nobody owns").endsWith("the exception approved by helen.park expired 2026-11-20 and no longer waives"));
    }

    @Test
    void withoutTheCacheVerifyLeavesTheAssetRulesNotEvaluatedAndFailsClosed() throws IOException {
        String fraud = MLFLOW + "fraud-bert/3";
        Verdict bundleOnly = verdict(cli(1, "verify", "--subject", DIGESTS.get(fraud), "--attestations", ws.resolve("approvals").toString(),
                "--trust", ws.resolve("trust/reviewers.json").toString(), "--policy", ws.resolve("policies/default.json").toString(),
                "--json"));
        assertThat(bundleOnly.outcome()).isEqualTo("FAIL");
        assertThat(bundleOnly.rules()).filteredOn(r -> r.contains(" NOT_EVALUATED "))
                .extracting(r -> r.substring(0, r.indexOf(' '))).containsExactly("findings", "owner", "training-data", "scan");
        assertThat(bundleOnly.rules()).filteredOn(r -> r.startsWith("approvals ") || r.startsWith("role "))
                .allSatisfy(r -> assertThat(r).contains(" PASS "));
        assertThat(bundleOnly.rules()).anySatisfy(r -> assertThat(r).contains("not evaluated: needs the workspace cache"));
    }

    @Test
    void aWorkspaceThatDoesNotExistIsNotCreatedAndTheAssetRulesStayNotEvaluated() throws IOException {
        Path none = ws.resolveSibling(ws.getFileName() + "-none");
        Verdict v = verdict(cli(1, "--workspace", none.toString(), "verify", "--subject", DIGESTS.get(MLFLOW + "fraud-bert/3"),
                "--attestations", ws.resolve("approvals").toString(), "--trust", ws.resolve("trust/reviewers.json").toString(),
                "--policy", ws.resolve("policies/default.json").toString(), "--json"));
        assertThat(v.rules()).filteredOn(r -> r.contains(" NOT_EVALUATED ")).hasSize(4);
        assertThat(none).doesNotExist();
    }
}
