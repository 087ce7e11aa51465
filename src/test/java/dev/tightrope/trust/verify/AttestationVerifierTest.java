package dev.tightrope.trust.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.domain.Digest;
import dev.tightrope.trust.TrustJson;
import dev.tightrope.trust.approval.ApprovalRequest;
import dev.tightrope.trust.approval.Approvals;
import dev.tightrope.trust.approval.Decision;
import dev.tightrope.trust.approval.SignedApproval;
import dev.tightrope.trust.dsse.Dsse;
import dev.tightrope.trust.dsse.Envelope;
import dev.tightrope.trust.dsse.EnvelopeSignature;
import dev.tightrope.trust.dsse.ResourceDescriptor;
import dev.tightrope.trust.keys.KeyAlgorithm;
import dev.tightrope.trust.keys.Signer;
import dev.tightrope.trust.oms.ModelHasher;
import dev.tightrope.trust.policy.Policy;
import dev.tightrope.trust.reviewers.LayeredTrustStore;
import dev.tightrope.trust.reviewers.LocalTrustStore;
import dev.tightrope.trust.reviewers.Reviewer;
import dev.tightrope.trust.reviewers.TrustStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttestationVerifierTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final String DIGEST = "a".repeat(64);
    private static final Policy GATE = new Policy(1, "promote:production", 2, true, List.of("security"), 90, true);

    @TempDir
    Path dir;

    private Signer ana;
    private Signer bo;
    private Signer cy;
    private TrustStore trust;

    @BeforeEach
    void reviewers() {
        ana = Signer.generate(KeyAlgorithm.P256);
        bo = Signer.generate(KeyAlgorithm.P384);
        cy = Signer.generate(KeyAlgorithm.ED25519);
        trust = TrustStore.empty()
                .with(new Reviewer("ana", "ana@example.com", new TreeSet<>(Set.of("security")), ana.verificationKey()))
                .with(new Reviewer("bo", "bo@example.com", new TreeSet<>(Set.of("ml-lead")), bo.verificationKey()))
                .with(new Reviewer("cy", null, new TreeSet<>(Set.of("legal")), cy.verificationKey()));
    }

    private SignedApproval sign(Signer signer, Decision decision, String digest, String scope, Instant at) {
        ApprovalRequest req = new ApprovalRequest(ResourceDescriptor.of("fraud-bert", digest), decision, scope, "someone",
                "looked at the scan and the lineage", ResourceDescriptor.ofUri("policy", "file:policy.json", "b".repeat(64)),
                List.of(ResourceDescriptor.of("scan.sarif", "c".repeat(64)).withAnnotation("tightrope.dev/evidence", "scan")));
        return Approvals.sign(req, signer, at);
    }

    private Path write(SignedApproval... approvals) {
        Path out = dir.resolve("attestations");
        for (SignedApproval a : approvals) {
            Approvals.write(out, a);
        }
        return out;
    }

    private VerificationReport verify(Path attestations) {
        return new AttestationVerifier(trust, GATE, "policy.json", Clock.fixed(NOW, ZoneOffset.UTC))
                .verify(new Subject(Digest.sha256(DIGEST), "test artifact"), attestations);
    }

    private static List<AttestationStatus> statuses(VerificationReport r) {
        return r.attestations().stream().map(AttestationResult::status).toList();
    }

    @Test
    void twoDistinctReviewersIncludingSecurityPass() {
        VerificationReport r = verify(write(sign(ana, Decision.APPROVED, DIGEST, "promote:production", NOW.minusSeconds(3600)),
                sign(bo, Decision.APPROVED, DIGEST, "promote:production", NOW.minusSeconds(60))));
        assertThat(r.outcome()).as(r.toText()).isEqualTo(Outcome.PASS);
        assertThat(statuses(r)).containsOnly(AttestationStatus.COUNTED);
        assertThat(r.rules()).extracting(RuleResult::rule).containsExactly("rejections", "approvals", "role security");
        assertThat(r.toText()).startsWith("PASS: sha256:" + DIGEST);
    }

    @Test
    void oneOfTwoRequiredApprovalsFails() {
        VerificationReport r = verify(write(sign(ana, Decision.APPROVED, DIGEST, "promote:production", NOW.minusSeconds(60))));
        assertThat(r.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(r.rules()).filteredOn(RuleResult::rule, "approvals").singleElement()
                .satisfies(rule -> assertThat(rule.detail()).startsWith("1 of 2 required"));
    }

    @Test
    void sameReviewerTwiceCountsOnce() {
        VerificationReport r = verify(write(sign(ana, Decision.APPROVED, DIGEST, "promote:production", NOW.minusSeconds(600)),
                sign(ana, Decision.APPROVED, DIGEST, "promote:production", NOW.minusSeconds(60))));
        assertThat(r.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(statuses(r)).containsExactlyInAnyOrder(AttestationStatus.DUPLICATE, AttestationStatus.COUNTED);
    }

    @Test
    void missingRequiredRoleFails() {
        VerificationReport r = verify(write(sign(bo, Decision.APPROVED, DIGEST, "promote:production", NOW.minusSeconds(60)),
                sign(cy, Decision.APPROVED, DIGEST, "promote:production", NOW.minusSeconds(60))));
        assertThat(r.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(r.rules()).filteredOn(RuleResult::rule, "role security").singleElement()
                .satisfies(rule -> assertThat(rule.passed()).isFalse());
    }

    @Test
    void untrustedKeyIsNotCounted() {
        Signer eve = Signer.generate(KeyAlgorithm.P256);
        VerificationReport r = verify(write(sign(ana, Decision.APPROVED, DIGEST, "promote:production", NOW.minusSeconds(60)),
                sign(eve, Decision.APPROVED, DIGEST, "promote:production", NOW.minusSeconds(60))));
        assertThat(r.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(statuses(r)).contains(AttestationStatus.UNTRUSTED_KEY);
    }

    @Test
    void anApprovalByAReviewerTrustedOnlyLocallyIsReportedAndNotCounted() {
        Signer dee = Signer.generate(KeyAlgorithm.P256);
        LayeredTrustStore layered = LayeredTrustStore.of(trust, LocalTrustStore.empty().with(new LocalTrustStore.Entry(
                new Reviewer("dee", null, new TreeSet<>(Set.of("security")), dee.verificationKey()), "dee", NOW.minusSeconds(7200),
                "the entry is named after you (dee)")));
        Path attestations = write(sign(bo, Decision.APPROVED, DIGEST, "promote:production", NOW.minusSeconds(60)),
                sign(dee, Decision.APPROVED, DIGEST, "promote:production", NOW.minusSeconds(60)));
        VerificationReport r = new AttestationVerifier(layered, GATE, "policy.json", Clock.fixed(NOW, ZoneOffset.UTC))
                .verify(new Subject(Digest.sha256(DIGEST), "test artifact"), attestations);
        assertThat(r.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(statuses(r)).containsExactlyInAnyOrder(AttestationStatus.COUNTED, AttestationStatus.UNREVIEWED_REVIEWER);
        assertThat(r.attestations()).filteredOn(a -> a.status() == AttestationStatus.UNREVIEWED_REVIEWER).singleElement()
                .satisfies(a -> assertThat(a.reason()).contains("dee is a local trust-store entry added by dee")
                        .contains("(self-trust: the entry is named after you (dee))"));
        assertThat(r.toJson()).contains("UNREVIEWED_REVIEWER");

        Policy counting = new Policy(1, "promote:production", 2, true, List.of("security"), 90, true, true);
        VerificationReport counted = new AttestationVerifier(layered, counting, "policy.json", Clock.fixed(NOW, ZoneOffset.UTC))
                .verify(new Subject(Digest.sha256(DIGEST), "test artifact"), attestations);
        assertThat(counted.outcome()).as(counted.toText()).isEqualTo(Outcome.PASS);
        assertThat(counted.rules()).extracting(RuleResult::detail).contains("approved by dee (unreviewed)");
    }

    @Test
    void approvalSignedWithTheWrongKeyForItsHintIsRejected() throws Exception {
        // Eve signs a statement naming Ana's key hint: the bundle points at Ana, the signature is Eve's.
        SignedApproval a = sign(ana, Decision.APPROVED, DIGEST, "promote:production", NOW.minusSeconds(60));
        Signer eve = Signer.generate(KeyAlgorithm.P256);
        byte[] payload = a.bundle().envelope().payload();
        Envelope forged = new Envelope(Dsse.IN_TOTO_PAYLOAD_TYPE, payload,
                List.of(new EnvelopeSignature(ana.verificationKey().hint(), eve.sign(dev.tightrope.trust.dsse.Pae.encode(Dsse.IN_TOTO_PAYLOAD_TYPE, payload)))));
        Path out = Files.createDirectories(dir.resolve("attestations"));
        Files.write(out.resolve("forged.json"), TrustJson.compact(forged.toJson()));
        VerificationReport r = verify(out);
        assertThat(statuses(r)).containsExactly(AttestationStatus.BAD_SIGNATURE);
        assertThat(r.attestations().get(0).reason()).contains("trusted reviewer 'ana'");
    }

    @Test
    void tamperedPayloadAndTamperedSubjectAreBadSignatures() throws Exception {
        SignedApproval a = sign(ana, Decision.APPROVED, DIGEST, "promote:production", NOW.minusSeconds(60));
        Path out = Files.createDirectories(dir.resolve("attestations"));
        ObjectNode bundle = (ObjectNode) TrustJson.parse(a.bundleBytes(), "b");
        ObjectNode env = (ObjectNode) bundle.get("dsseEnvelope");
        String payload = new String(Base64.getDecoder().decode(env.get("payload").asText()), StandardCharsets.UTF_8);
        env.put("payload", Base64.getEncoder().encodeToString(payload.replace(DIGEST, "d".repeat(64)).getBytes(StandardCharsets.UTF_8)));
        Files.write(out.resolve("subject.sigstore.json"), TrustJson.compact(bundle));
        env.put("payload", Base64.getEncoder().encodeToString(payload.replace("APPROVED", "REJECTED").getBytes(StandardCharsets.UTF_8)));
        Files.write(out.resolve("payload.sigstore.json"), TrustJson.compact(bundle));
        VerificationReport r = verify(out);
        assertThat(statuses(r)).containsExactly(AttestationStatus.BAD_SIGNATURE, AttestationStatus.BAD_SIGNATURE);
        assertThat(r.outcome()).isEqualTo(Outcome.FAIL);
    }

    @Test
    void approvalReplayedForAnotherDigestDoesNotCount() {
        VerificationReport r = verify(write(sign(ana, Decision.APPROVED, "e".repeat(64), "promote:production", NOW.minusSeconds(60)),
                sign(bo, Decision.APPROVED, "e".repeat(64), "promote:production", NOW.minusSeconds(60))));
        assertThat(statuses(r)).containsOnly(AttestationStatus.WRONG_SUBJECT);
        assertThat(r.outcome()).isEqualTo(Outcome.FAIL);
    }

    @Test
    void approvalForAnotherScopeDoesNotCount() {
        VerificationReport r = verify(write(sign(ana, Decision.APPROVED, DIGEST, "promote:staging", NOW.minusSeconds(60))));
        assertThat(statuses(r)).containsExactly(AttestationStatus.WRONG_SCOPE);
    }

    @Test
    void expiredApprovalDoesNotCount() {
        VerificationReport r = verify(write(sign(ana, Decision.APPROVED, DIGEST, "promote:production", NOW.minusSeconds(91L * 86400)),
                sign(bo, Decision.APPROVED, DIGEST, "promote:production", NOW.minusSeconds(60))));
        assertThat(r.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(r.attestations()).filteredOn(a -> "ana".equals(a.reviewer())).singleElement()
                .satisfies(a -> assertThat(a.status()).isEqualTo(AttestationStatus.EXPIRED));
    }

    @Test
    void rejectionAfterApprovalsBlocksAndVoidsThem() {
        VerificationReport r = verify(write(sign(ana, Decision.APPROVED, DIGEST, "promote:production", NOW.minusSeconds(3600)),
                sign(bo, Decision.APPROVED, DIGEST, "promote:production", NOW.minusSeconds(1800)),
                sign(cy, Decision.REJECTED, DIGEST, "promote:production", NOW.minusSeconds(60))));
        assertThat(r.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(statuses(r)).containsExactlyInAnyOrder(AttestationStatus.SUPERSEDED, AttestationStatus.SUPERSEDED, AttestationStatus.COUNTED);
        assertThat(r.rules().get(0).passed()).isFalse();
        assertThat(r.rules().get(0).detail()).startsWith("rejected by cy");
    }

    @Test
    void approvalsAfterARejectionCountAgain() {
        VerificationReport r = verify(write(sign(cy, Decision.REJECTED, DIGEST, "promote:production", NOW.minusSeconds(7200)),
                sign(ana, Decision.APPROVED, DIGEST, "promote:production", NOW.minusSeconds(3600)),
                sign(bo, Decision.APPROVED, DIGEST, "promote:production", NOW.minusSeconds(1800))));
        assertThat(r.outcome()).as(r.toText()).isEqualTo(Outcome.PASS);
    }

    @Test
    void unreadableAttestationIsAnErrorNotAFail() throws Exception {
        Path out = write(sign(ana, Decision.APPROVED, DIGEST, "promote:production", NOW.minusSeconds(60)));
        Files.writeString(out.resolve("broken.json"), "{\"mediaType\": ");
        Files.writeString(out.resolve("README.md"), "notes");
        VerificationReport r = verify(out);
        assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(r.outcome().exitCode()).isEqualTo(2);
        assertThat(r.errors()).singleElement().asString().contains("broken.json:1:");
        assertThat(r.skipped()).singleElement().asString().contains("README.md");
    }

    @Test
    void jsonLinesPlainEnvelopesAndOlderBundleMediaTypesAreRead() throws Exception {
        SignedApproval a = sign(ana, Decision.APPROVED, DIGEST, "promote:production", NOW.minusSeconds(60));
        SignedApproval b = sign(bo, Decision.APPROVED, DIGEST, "promote:production", NOW.minusSeconds(60));
        ObjectNode older = (ObjectNode) TrustJson.parse(b.bundleBytes(), "b");
        older.put("mediaType", "application/vnd.dev.sigstore.bundle+json;version=0.2");
        String lines = new String(TrustJson.compact(a.bundle().envelope().toJson()), StandardCharsets.UTF_8) + "\n"
                + new String(TrustJson.compact(older), StandardCharsets.UTF_8) + "\n";
        Path file = Files.writeString(dir.resolve("approvals.intoto.jsonl"), lines);
        VerificationReport r = verify(file);
        assertThat(r.outcome()).as(r.toText()).isEqualTo(Outcome.PASS);
        assertThat(r.attestations()).extracting(AttestationResult::location)
                .containsExactly(file + ":1", file + ":2");
    }

    @Test
    void jsonReportIsStable() {
        VerificationReport r = verify(write(sign(ana, Decision.APPROVED, DIGEST, "promote:production", NOW.minusSeconds(60))));
        JsonNode json = TrustJson.parse(r.toJson(), "report");
        assertThat(json.get("format").asText()).isEqualTo("tightrope.verification/v1");
        assertThat(json.get("outcome").asText()).isEqualTo("FAIL");
        assertThat(json.get("subject").get("digest").asText()).isEqualTo("sha256:" + DIGEST);
        assertThat(json.get("attestations").get(0).get("status").asText()).isEqualTo("COUNTED");
        assertThat(json.get("attestations").get(0).get("reviewer").asText()).isEqualTo("ana");
        assertThat(json.get("rules").get(1).get("rule").asText()).isEqualTo("approvals");
        List<String> fields = new java.util.ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("format", "outcome", "evaluatedAt", "subject", "policy", "rules", "attestations", "skipped", "errors");
    }

    @Test
    void inputsThatCannotBeReadGiveAnErrorReport() {
        VerificationReport r = VerificationReport.error("trust.json: no such trust store file", NOW);
        assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(r.toText()).isEqualTo("ERROR\n  policy: none\nerror: trust.json: no such trust store file\n");
        assertThat(TrustJson.parse(r.toJson(), "r").get("subject").isNull()).isTrue();
    }

    @Test
    void subjectResolvesDigestsFilesAndModelDirectories() throws Exception {
        ModelHasher hasher = new ModelHasher(2);
        assertThat(Subject.resolve("sha256:" + DIGEST, hasher).digest().hex()).isEqualTo(DIGEST);
        Path file = Files.writeString(dir.resolve("model.onnx"), "hello");
        assertThat(Subject.resolve(file.toString(), hasher).digest().hex())
                .isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        Path model = Files.createDirectories(dir.resolve("m"));
        Files.writeString(model.resolve("w.bin"), "hello");
        assertThat(Subject.resolve(model.toString(), hasher).digest().hex())
                .isEqualTo(dev.tightrope.trust.Sha256.hex(java.util.HexFormat.of().parseHex("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")));
    }
}
