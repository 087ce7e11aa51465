package dev.tightrope.trust.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.trust.TrustJson;
import dev.tightrope.trust.dsse.Attestation;
import dev.tightrope.trust.dsse.AttestationReader;
import dev.tightrope.trust.dsse.Dsse;
import dev.tightrope.trust.dsse.ResourceDescriptor;
import dev.tightrope.trust.dsse.SigstoreBundle;
import dev.tightrope.trust.dsse.Statement;
import dev.tightrope.trust.keys.KeyAlgorithm;
import dev.tightrope.trust.keys.Signer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApprovalsTest {

    @TempDir
    Path dir;

    @Test
    void approvalIsASigstoreBundleOfADsseInTotoStatementWithTheApprovalPredicate() {
        Signer signer = Signer.generate(KeyAlgorithm.P256);
        ApprovalRequest req = new ApprovalRequest(ResourceDescriptor.of("fraud-bert", "a".repeat(64)), Decision.APPROVED,
                "promote:production", "mailto:ana@example.com", "scan clean, lineage known",
                ResourceDescriptor.ofUri("policy.json", "file:policy.json", "b".repeat(64)),
                List.of(ResourceDescriptor.of("scan.sarif", "c".repeat(64))));
        SignedApproval signed = Approvals.sign(req, signer, Instant.parse("2026-03-01T10:00:00.123Z"));

        JsonNode bundle = TrustJson.parse(signed.bundleBytes(), "bundle");
        assertThat(bundle.get("mediaType").asText()).isEqualTo("application/vnd.dev.sigstore.bundle.v0.3+json");
        assertThat(bundle.get("verificationMaterial").get("publicKey").get("hint").asText()).isEqualTo(signer.verificationKey().hint());
        assertThat(bundle.get("verificationMaterial").get("tlogEntries")).isEmpty();
        JsonNode env = bundle.get("dsseEnvelope");
        assertThat(env.get("payloadType").asText()).isEqualTo("application/vnd.in-toto+json");
        assertThat(env.get("signatures")).hasSize(1);
        assertThat(env.get("signatures").get(0).get("keyid").asText()).isEqualTo(signer.verificationKey().hint());

        JsonNode statement = TrustJson.parse(Base64.getDecoder().decode(env.get("payload").asText()), "payload");
        assertThat(statement.get("_type").asText()).isEqualTo("https://in-toto.io/Statement/v1");
        assertThat(statement.get("predicateType").asText()).isEqualTo("https://tightrope.dev/attestation/approval/v1");
        assertThat(statement.get("subject").get(0).get("digest").get("sha256").asText()).isEqualTo("a".repeat(64));
        JsonNode p = statement.get("predicate");
        assertThat(p.get("decision").asText()).isEqualTo("APPROVED");
        assertThat(p.get("purpose").asText()).isEqualTo("promote:production");
        assertThat(p.get("reviewer").get("id").asText()).isEqualTo("mailto:ana@example.com");
        assertThat(p.get("reviewer").get("keyHint").asText()).isEqualTo(signer.verificationKey().hint());
        assertThat(p.get("timeApproved").asText()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(p.get("policy").get("uri").asText()).isEqualTo("file:policy.json");
        assertThat(p.get("evidence").get(0).get("name").asText()).isEqualTo("scan.sarif");
        assertThat(p.get("rationale").asText()).isEqualTo("scan clean, lineage known");

        Path file = Approvals.write(dir, signed);
        assertThat(file.getFileName().toString()).matches("approval-aaaaaaaaaaaa-approved-20260301T100000Z-[0-9a-f]{8}\\.sigstore\\.json");
        Attestation read = AttestationReader.readFile(file).get(0);
        assertThat(Dsse.verify(read.envelope(), List.of(signer.verificationKey()), false)).hasSize(1);
        Statement parsed = Statement.parse(read.envelope().payload(), "read");
        assertThat(ApprovalPredicate.fromJson(parsed.predicate(), "p")).isEqualTo(signed.predicate());
    }

    @Test
    void ed25519ApprovalsVerifyInTightrope() {
        Signer signer = Signer.generate(KeyAlgorithm.ED25519);
        SignedApproval signed = Approvals.sign(new ApprovalRequest(ResourceDescriptor.of("x", "a".repeat(64)), Decision.REJECTED,
                "promote:production", null, "license unclear", null, null), signer, Instant.now());
        SigstoreBundle bundle = SigstoreBundle.parse(signed.bundleBytes(), "b");
        assertThat(Dsse.verify(bundle.envelope(), List.of(signer.verificationKey()), false)).hasSize(1);
    }

    @Test
    void rationaleIsMandatoryAndScopeMustLookLikeOne() {
        ResourceDescriptor s = ResourceDescriptor.of("x", "a".repeat(64));
        Signer signer = Signer.generate(KeyAlgorithm.P256);
        assertThatThrownBy(() -> Approvals.sign(new ApprovalRequest(s, Decision.APPROVED, "promote:production", null, " ", null, null),
                signer, Instant.now())).hasMessageContaining("rationale");
        assertThatThrownBy(() -> Approvals.sign(new ApprovalRequest(s, Decision.APPROVED, "Promote to prod", null, "ok", null, null),
                signer, Instant.now())).hasMessageContaining("scope");
    }
}
