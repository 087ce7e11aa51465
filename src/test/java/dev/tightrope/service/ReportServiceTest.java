package dev.tightrope.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.domain.AuditQuery;
import dev.tightrope.domain.Urn;
import dev.tightrope.trust.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PDF reports of the demo estate and its fraud model, read back with PDFBox's own text extraction. */
class ReportServiceTest {

    static final Urn FRAUD_V3 = Urn.parse("tr:model_version:openlineage:mlflow://mlflow.kestrel.example/models/fraud-bert/3");

    @TempDir
    static Path dir;
    static Tightrope t;

    @BeforeAll
    static void load() {
        t = DemoWorkspaces.loaded(dir.resolve("ws"));
    }

    @AfterAll
    static void close() {
        t.close();
    }

    static String text(PDDocument pdf) throws Exception {
        return new PDFTextStripper().getText(pdf).replaceAll("\\s+", " ");
    }

    static int images(PDDocument pdf) throws Exception {
        int n = 0;
        for (PDPage page : pdf.getPages()) {
            for (COSName name : page.getResources().getXObjectNames()) {
                n += page.getResources().getXObject(name) instanceof PDImageXObject ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void theEstateReportHasTheFiguresChartsAttentionListReleasesAndSources() throws Exception {
        Path out = dir.resolve("estate.pdf");
        ReportService.Exported e = t.reports().export(null, out);
        assertThat(e.sha256()).isEqualTo(Sha256.hex(Files.readAllBytes(out)));
        try (PDDocument pdf = Loader.loadPDF(out.toFile())) {
            String text = text(pdf);
            long assets = t.inventory().overview(1).assets();
            assertThat(text).contains("AI estate report", String.format(java.util.Locale.ROOT, "%,d assets in the inventory", assets),
                    "Open findings by severity", "Share of each kind with an owner", "Needs attention",
                    "community-lora/llama3.1-8b", "Releases and their promotion gate", "fraud-bert v3", "kestrel-sagemaker",
                    "data: sync run");
            assertThat(text).contains("page 1 of " + pdf.getNumberOfPages());
            // the risk model's view: bands, teams, and the riskiest asset with its reasons (the demo's unregistered MCP server)
            assertThat(text).contains("Assets by risk band", "Risk by team", "excel-helper", "MCP server not in the allowlist",
                    "MCP servers outside the allowlist: 1 of 6");
        }
        assertThat(t.audit().entries(new AuditQuery(null, "export.report", "estate", null, null, 0, 10))).singleElement()
                .satisfies(a -> assertThat(a.event().details()).containsEntry("sha256", e.sha256()));
    }

    @Test
    void aModelsReportHasItsGateWithEachApprovalItsFindingsLineagePictureTrainingDataAndDeployments() throws Exception {
        Path out = dir.resolve("fraud-bert-3.pdf");
        t.reports().export(FRAUD_V3, out);
        try (PDDocument pdf = Loader.loadPDF(out.toFile())) {
            String text = text(pdf);
            assertThat(text).contains("fraud-bert v3", "promotion gate", "PASS", "ravi.kapoor", "helen.park", "signature verified",
                    "No open finding", "Training data", "features/fraud_training_set", "Deployments",
                    "tr:deployment:openlineage:k8s://prod-eu-1/fraud/fraud-scor");
            assertThat(images(pdf)).as("the lineage picture").isEqualTo(1);
        }
        // a model with findings and no approval: the dangerous adapter from the public mirror
        Path adapter = dir.resolve("adapter.pdf");
        Urn mirror = t.inventory().search("llama3.1-8b-customer-support", 5).groups().stream()
                .flatMap(g -> g.hits().stream()).filter(h -> h.urn().startsWith("tr:model_version:")).map(h -> Urn.parse(h.urn()))
                .findFirst().orElseThrow();
        t.reports().export(mirror, adapter);
        try (PDDocument pdf = Loader.loadPDF(adapter.toFile())) {
            assertThat(text(pdf)).contains("critical", "Open findings by severity").doesNotContain("No open finding");
        }
    }

    @Test
    void onlyModelsHaveAModelReport() {
        assertThatThrownBy(() -> t.reports().model(Urn.parse("tr:dataset:openlineage:s3://kestrel-datalake/curated/chargebacks")))
                .hasMessageContaining("a report is of a model");
    }
}
