package dev.tightrope.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Kestrel Lending demo models in sample-data/models get the verdicts their README promises. */
class DemoModelsTest {

    @Test
    void demoModelsGetTheirDocumentedVerdicts() throws IOException {
        ScanReport report = ModelScanner.builder().threads(2).build().scan(Path.of("sample-data", "models"));
        Map<String, FileScanResult> byName = report.files().stream().collect(Collectors.toMap(FileScanResult::name, f -> f));
        assertThat(byName.get("fraud-bert-v3/pytorch_model.bin").verdict()).isEqualTo(Verdict.SAFE);
        assertThat(byName.get("fraud-bert-v3/pytorch_model.bin").format()).isEqualTo(ModelFormat.PYTORCH_ZIP);
        assertThat(byName.get("churn-legacy/model.pt").verdict()).isEqualTo(Verdict.SAFE);
        assertThat(byName.get("churn-legacy/model.pt").format()).isEqualTo(ModelFormat.PYTORCH_LEGACY);
        FileScanResult credit = byName.get("credit-risk-xgb-v7/model.joblib");
        assertThat(credit.verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(credit.findings()).allSatisfy(f -> {
            assertThat(f.ruleId()).isEqualTo("pickle.unknown-import");
            assertThat(f.evidence()).matches("(sklearn|numpy\\.random)\\..*");
        });
        FileScanResult adapter = byName.get("support-chat-adapter/adapter_model.bin");
        assertThat(adapter.verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(adapter.findings()).extracting(ScanFinding::evidence).contains("posix.system");
        FileScanResult mirror = byName.get("fraud-bert-v2-mirror/pytorch_model.bin");
        assertThat(mirror.verdict()).isEqualTo(Verdict.DANGEROUS);
        assertThat(mirror.findings()).extracting(ScanFinding::ruleId).contains("zip.name-mismatch", "pickle.denied-import");
        assertThat(byName.get("fraud-bert-v3/config.json").verdict()).isEqualTo(Verdict.SAFE);
    }
}
