package dev.tightrope.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.Urn;
import dev.tightrope.service.compliance.ControlResult;
import dev.tightrope.service.compliance.ControlStatus;
import dev.tightrope.service.compliance.EstateCoverage;
import dev.tightrope.service.compliance.Evidence;
import dev.tightrope.service.compliance.EvidenceKind;
import dev.tightrope.service.compliance.EvidenceLink;
import dev.tightrope.service.compliance.ModelCompliance;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compliance mapping applied to the demo estate's models, and to its reports. */
class ComplianceServiceTest {

    static final Urn FRAUD_V3 = ReportServiceTest.FRAUD_V3;

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

    static Map<EvidenceKind, Evidence> evidence(ModelCompliance m) {
        return m.results().stream().flatMap(r -> r.evidence().stream()).collect(Collectors.toMap(Evidence::kind, e -> e, (a, b) -> a));
    }

    static ControlResult control(ModelCompliance m, String id) {
        return m.results().stream().filter(r -> r.control().id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void theApprovedFraudModelHasItsEvidenceLinkedAndItsMissingDescriptionIsAGap() {
        ModelCompliance m = t.compliance().assess(FRAUD_V3);
        Map<EvidenceKind, Evidence> e = evidence(m);
        assertThat(e.get(EvidenceKind.OWNER_ASSIGNED).present()).isTrue();
        assertThat(e.get(EvidenceKind.APPROVAL_VALID).present()).isTrue();
        assertThat(e.get(EvidenceKind.APPROVAL_RECORDED).links()).hasSize(2).allSatisfy(l -> assertThat(l.type()).isEqualTo(EvidenceLink.Type.APPROVAL));
        assertThat(e.get(EvidenceKind.TRAINING_DATA_LINEAGE).links()).extracting(EvidenceLink::target)
                .contains("tr:dataset:openlineage:s3://kestrel-datalake/features/fraud_training_set");
        assertThat(e.get(EvidenceKind.DEPLOYMENT_TRACKED).links()).extracting(EvidenceLink::target)
                .contains("tr:deployment:openlineage:k8s://prod-eu-1/fraud/fraud-scoring");
        assertThat(e.get(EvidenceKind.SCAN_PERFORMED).present()).isTrue();
        assertThat(e.get(EvidenceKind.AUDIT_LOG_INTACT).links()).isNotEmpty()
                .allSatisfy(l -> assertThat(l.type()).isEqualTo(EvidenceLink.Type.AUDIT_ENTRY));
        assertThat(e.get(EvidenceKind.MODEL_CARD).present()).isFalse();
        assertThat(control(m, "EU-AI-ACT Art. 17").status()).isEqualTo(ControlStatus.EVIDENCED);
        assertThat(control(m, "EU-AI-ACT Art. 11").status()).isEqualTo(ControlStatus.GAP);
        assertThat(control(m, "EU-AI-ACT Art. 11").reason()).contains("missing model-card");
        assertThat(control(m, "EU-AI-ACT Art. 72").status()).isEqualTo(ControlStatus.NOT_ASSESSABLE_HERE);
    }

    @Test
    void theDangerousAdapterIsNotScanCleanAndItsFindingIsTheLink() {
        Urn mirror = t.inventory().search("llama3.1-8b-customer-support", 5).groups().stream().flatMap(g -> g.hits().stream())
                .filter(h -> h.urn().startsWith("tr:model_version:")).map(h -> Urn.parse(h.urn())).findFirst().orElseThrow();
        Map<EvidenceKind, Evidence> e = evidence(t.compliance().assess(mirror));
        assertThat(e.get(EvidenceKind.SCAN_PERFORMED).present()).isTrue();
        assertThat(e.get(EvidenceKind.SCAN_CLEAN).present()).isFalse();
        assertThat(e.get(EvidenceKind.SCAN_CLEAN).links()).isNotEmpty().allSatisfy(l -> assertThat(l.type()).isEqualTo(EvidenceLink.Type.FINDING));
        assertThat(e.get(EvidenceKind.FINDINGS_TRIAGED).present()).isFalse();
        assertThat(e.get(EvidenceKind.APPROVAL_VALID).present()).isFalse();
    }

    @Test
    void aDeploymentIsAssessedThroughTheModelItRuns() {
        ModelCompliance m = t.compliance().assess(Urn.parse("tr:deployment:openlineage:k8s://prod-eu-1/fraud/fraud-scoring"));
        assertThat(m.via()).isEqualTo("tr:deployment:openlineage:k8s://prod-eu-1/fraud/fraud-scoring");
        assertThat(m.urn()).startsWith("tr:model");
    }

    @Test
    void beforeTheEuDateItsControlsAreNotYetApplicableAndTheOthersStillCount() {
        ControlResult early = ComplianceService.result(t.compliance().mapping().frameworks().get(0).controls().get(0),
                evidenceOf(FRAUD_V3), LocalDate.of(2026, 8, 1));
        assertThat(early.status()).isEqualTo(ControlStatus.NOT_YET_APPLICABLE);
        assertThat(early.reason()).isEqualTo("applies from 2026-08-02");
        ControlResult onTheDay = ComplianceService.result(t.compliance().mapping().frameworks().get(0).controls().get(0),
                evidenceOf(FRAUD_V3), LocalDate.of(2026, 8, 2));
        assertThat(onTheDay.status()).isNotEqualTo(ControlStatus.NOT_YET_APPLICABLE);
    }

    static Map<EvidenceKind, Evidence> evidenceOf(Urn urn) {
        return evidence(t.compliance().assess(urn));
    }

    @Test
    void theEstateCountsAreThoseOfEachModel() {
        EstateCoverage e = t.compliance().estate();
        assertThat(e.models()).isPositive();
        EstateCoverage.Coverage art17 = e.controls().stream().filter(c -> c.control().id().equals("EU-AI-ACT Art. 17")).findFirst().orElseThrow();
        assertThat(art17.evidenced() + art17.gaps()).isEqualTo(e.models());
        assertThat(art17.evidenced()).isPositive();
        assertThat(e.controls().stream().filter(c -> c.control().id().equals("EU-AI-ACT Art. 73")).findFirst().orElseThrow().notAssessed())
                .isEqualTo(ControlStatus.NOT_ASSESSABLE_HERE);
    }

    @Test
    void bothReportsHaveTheControlCoverage() throws Exception {
        try (PDDocument pdf = Loader.loadPDF(t.reports().model(FRAUD_V3))) {
            assertThat(ReportServiceTest.text(pdf)).contains("Control coverage", "EU-AI-ACT Art. 12", "NIST AI RMF MEASURE 2",
                    "ISO/IEC 42001 A.6.2.8", "missing model-card");
        }
        try (PDDocument pdf = Loader.loadPDF(t.reports().estate())) {
            assertThat(ReportServiceTest.text(pdf)).contains("Control coverage", "models with the control evidenced",
                    "Not assessable here: EU-AI-ACT Art. 13");
        }
    }
}
