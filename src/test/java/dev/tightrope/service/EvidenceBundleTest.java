package dev.tightrope.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.export.EvidenceBundle;
import dev.tightrope.trust.Sha256;
import dev.tightrope.trust.keys.FastKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evidence bundle verifies offline, and fails when any part of it is altered. */
class EvidenceBundleTest {

    @TempDir
    Path dir;

    Tightrope t;
    Path model;
    Path zip;
    Path policy;
    String urn;
    EvidenceService.Exported exported;

    @BeforeEach
    void export() throws IOException {
        model = dir.resolve("models").resolve("scorer");
        Files.createDirectories(model);
        Files.writeString(model.resolve("config.json"), "{\"layers\": 2}\n");
        t = Tightrope.open(dir.resolve("ws"));
        t.sources().add(new SourceConfig("models", "model-files", Map.of("path", dir.resolve("models").toString())));
        t.sources().sync("models", true, SyncListener.NONE, new Cancellation());
        urn = "tr:model_artifact:model-files:" + model.toAbsolutePath();
        for (String[] r : new String[][] {{"ravi", "security"}, {"helen", "ml-lead"}}) {
            FastKeys.generate(t.workspace().keysDirectory(), r[0], r[0] + "-passphrase");
            TrustService.addReviewer(dir.resolve("org-reviewers.json"), r[0], t.trust().publicKeyPem(r[0]), null, List.of(r[1]));
            t.trust().useReviewedTrustStore(dir.resolve("org-reviewers.json"));
            t.approvals().sign(new ApprovalService.SignRequest(urn, ReviewDecision.APPROVED, "promote:production", "reviewed", null),
                    r[0], (r[0] + "-passphrase").toCharArray());
        }
        policy = dir.resolve("policy.json");
        Files.writeString(policy, TrustService.RECOMMENDED_POLICY.json());
        zip = dir.resolve("evidence.zip");
        exported = t.evidence().export(Urn.parse(urn), zip);
    }

    @AfterEach
    void close() {
        t.close();
    }

    GateResult verify(Path bundle, String logKey) {
        return new VerificationService(Clock.systemUTC(), RegistryAccess.anonymous()).verify(new VerificationService.Request(
                model.toString(), bundle.toString(), t.trust().trustStoreFile(), policy, logKey));
    }

    /** Copies the bundle with one entry changed (null: removed). */
    Path altered(String entry, UnaryOperator<byte[]> change) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>(EvidenceBundle.read(zip));
        byte[] now = change.apply(files.get(entry));
        if (now == null) {
            files.remove(entry);
        } else {
            files.put(entry, now);
        }
        Path out = dir.resolve("altered-" + System.nanoTime() + ".zip");
        try (OutputStream os = Files.newOutputStream(out); ZipOutputStream z = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return out;
    }

    static byte[] replace(byte[] bytes, String from, String to) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        assertThat(s).contains(from);
        return s.replace(from, to).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theExportedBundleVerifiesOfflineWithItsApprovalsAndAuditProofs() throws Exception {
        assertThat(exported.approvals()).isEqualTo(2);
        assertThat(exported.auditEntries()).as("two approvals signed and the export").isEqualTo(3);
        assertThat(EvidenceBundle.read(zip)).containsKeys("index.json", "evidence/asset.json", "evidence/owners.json",
                "evidence/findings.json", "evidence/lineage.json", "audit/entries.jsonl", "audit/proofs.json",
                "audit/checkpoint.txt", "audit/log-key.txt");
        GateResult r = verify(zip, null);
        assertThat(r.outcome()).as(r.text()).isEqualTo(GateResult.Outcome.PASS);
        assertThat(r.rules()).extracting(GateResult.Rule::name)
                .contains("approvals", "role security", "evidence files", "evidence checkpoint", "evidence audit log");
        assertThat(r.text()).contains("the log key in the bundle (pin it with --log-key)");
        JsonNode json = new ObjectMapper().readTree(r.json());
        assertThat(json.path("evidence").path("auditEntries").size()).isEqualTo(exported.auditEntries());
        assertThat(json.path("evidence").path("subject").path("urn").asText()).isEqualTo(urn);
        assertThat(t.audit().entries(new dev.tightrope.domain.AuditQuery(null, "export.evidence", urn, null, null, 0, 5))).hasSize(1);
    }

    @Test
    void aPinnedLogKeyMustHaveSignedTheCheckpoint() {
        assertThat(verify(zip, t.audit().verifierKey()).outcome()).isEqualTo(GateResult.Outcome.PASS);
        String other = dev.tightrope.trust.log.LogKey.generate(t.audit().origin()).verifier().toString();
        GateResult r = verify(zip, other);
        assertThat(r.outcome()).isEqualTo(GateResult.Outcome.FAIL);
        assertThat(r.summary()).contains("evidence checkpoint").contains("not signed by log key");
    }

    @Test
    void aChangedFindingIsCaught() throws IOException {
        GateResult r = verify(altered("evidence/asset.json", b -> replace(b, "\"scorer\"", "\"scorer-renamed\"")), null);
        assertThat(r.outcome()).isEqualTo(GateResult.Outcome.FAIL);
        assertThat(r.summary()).contains("evidence/asset.json was changed");
    }

    @Test
    void anIndexRewrittenToMatchAChangedFileIsCaughtByTheSignedExportEntry() throws IOException {
        byte[] newAsset = replace(EvidenceBundle.read(zip).get("evidence/asset.json"), "\"scorer\"", "\"scorer-renamed\"");
        Path first = altered("evidence/asset.json", b -> newAsset);
        zip = first;
        Path both = altered("index.json", b -> {
            try {
                ObjectNode index = (ObjectNode) new ObjectMapper().readTree(b);
                for (JsonNode f : index.path("files")) {
                    if (f.path("path").asText().equals("evidence/asset.json")) {
                        ((ObjectNode) f).put("sha256", Sha256.hex(newAsset));
                    }
                }
                return new ObjectMapper().writeValueAsBytes(index);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        GateResult r = verify(both, null);
        assertThat(r.outcome()).isEqualTo(GateResult.Outcome.FAIL);
        assertThat(r.rules()).filteredOn(rule -> rule.name().equals("evidence files")).allMatch(GateResult.Rule::passed);
        assertThat(r.summary()).contains("evidence audit log").contains("records manifest");
    }

    @Test
    void anEditedAuditEntryIsNotInTheSignedLog() throws IOException {
        GateResult r = verify(altered("audit/entries.jsonl", b -> replace(b, "\"decision\":\"approved\"", "\"decision\":\"rejected\"")), null);
        assertThat(r.outcome()).isEqualTo(GateResult.Outcome.FAIL);
        assertThat(r.summary()).contains("is not in the signed log");
    }

    @Test
    void aForgedCheckpointDoesNotVerify() throws IOException {
        GateResult r = verify(altered("audit/checkpoint.txt", b -> {
            String[] lines = new String(b, StandardCharsets.UTF_8).split("\n", -1);
            lines[1] = String.valueOf(Long.parseLong(lines[1]) + 1);
            return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        }), null);
        assertThat(r.outcome()).isEqualTo(GateResult.Outcome.FAIL);
        assertThat(r.summary()).contains("evidence checkpoint");
    }

    @Test
    void aRemovedApprovalFailsBothTheFileListAndThePolicy() throws IOException {
        String bundle = EvidenceBundle.read(zip).keySet().stream().filter(n -> n.startsWith("approvals/")).findFirst().orElseThrow();
        GateResult r = verify(altered(bundle, b -> null), null);
        assertThat(r.outcome()).isEqualTo(GateResult.Outcome.FAIL);
        assertThat(r.rules()).filteredOn(rule -> !rule.passed()).extracting(GateResult.Rule::name)
                .contains("approvals", "evidence files");
    }

    @Test
    void somethingThatIsNotAZipIsAnError() throws IOException {
        Path notZip = dir.resolve("not.zip");
        Files.writeString(notZip, "hello");
        GateResult r = verify(notZip, null);
        assertThat(r.outcome()).isEqualTo(GateResult.Outcome.ERROR);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e).contains("not a readable zip"));
    }
}
