package dev.tightrope.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.testing.LocalRegistry;
import dev.tightrope.testing.LocalServers;
import dev.tightrope.oci.OciDigests;
import dev.tightrope.oci.OciManifest;
import dev.tightrope.trust.approval.ApprovalRequest;
import dev.tightrope.trust.approval.Approvals;
import dev.tightrope.trust.approval.Decision;
import dev.tightrope.trust.dsse.ResourceDescriptor;
import dev.tightrope.trust.keys.KeyAlgorithm;
import dev.tightrope.trust.keys.Signer;
import dev.tightrope.trust.reviewers.Reviewer;
import dev.tightrope.trust.reviewers.TrustStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Approvals attached to an image in a real registry (Docker Distribution 2.8: no referrers API,
 * so the tag-schema fallback) under the cosign tag and as referrers, read back by the gate.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES) // every test drives a docker-registry process
@ExtendWith(LocalServers.class)
class OciPublishingTest {

    @TempDir
    Path dir;

    LocalRegistry registry;
    String image;
    String reference;
    Path bundles;
    Path trust;
    Path policy;
    static final String MODEL_DIGEST = "sha256:" + "5e".repeat(32);

    @BeforeEach
    void setUp(LocalRegistry registry) throws IOException {
        this.registry = registry;
        image = registry.pushImage("models/fraud-bert", "3.0.0", "fraud-bert");
        reference = "oci://" + registry.host() + "/models/fraud-bert@" + image;
        bundles = dir.resolve("approvals");
        TrustStore store = TrustStore.empty();
        Instant when = Instant.now().minusSeconds(3600);
        for (String[] r : new String[][] {{"ravi", "security"}, {"helen", "ml-lead"}}) {
            Signer key = Signer.generate(KeyAlgorithm.P256);
            store = store.with(new Reviewer(r[0], null, new TreeSet<>(Set.of(r[1])), key.verificationKey()));
            Approvals.write(bundles, Approvals.sign(new ApprovalRequest(ResourceDescriptor.of("fraud-bert", MODEL_DIGEST.substring(7)),
                    Decision.APPROVED, "promote:production", r[0], "reviewed", null, List.of()), key, when));
            when = when.plusSeconds(60);
        }
        trust = dir.resolve("reviewers.json");
        store.save(trust);
        policy = dir.resolve("policy.json");
        Files.writeString(policy, TrustService.RECOMMENDED_POLICY.json());
    }

    GateResult verify() {
        return new VerificationService(Clock.systemUTC(), RegistryAccess.anonymous())
                .verify(new VerificationService.Request(MODEL_DIGEST, reference, trust, policy, null));
    }

    @Test
    void approvalsPublishedBothWaysAreReadBackOnceAndPassTheGate() {
        PublishService.Published p = new PublishService(RegistryAccess.anonymous()).publish(reference, List.of(bundles), true, true);
        assertThat(p.artifact()).isEqualTo(reference);
        assertThat(p.cosignTag()).isEqualTo(OciDigests.tagOf(image) + ".att");
        assertThat(p.envelopes()).isEqualTo(2);
        assertThat(p.referrers()).hasSize(2);
        assertThat(p.tagFallback()).as("Distribution 2.8 does not index subjects").isTrue();

        OciManifest att = registry.client().manifest("models/fraud-bert", p.cosignTag()).orElseThrow().parse("att");
        assertThat(att.layers()).hasSize(2).allSatisfy(l -> {
            assertThat(l.mediaType()).isEqualTo("application/vnd.dsse.envelope.v1+json");
            assertThat(l.annotations()).containsEntry("predicateType", "https://tightrope.dev/attestation/approval/v1");
        });
        OciManifest index = registry.client().manifest("models/fraud-bert", OciDigests.tagOf(image)).orElseThrow().parse("index");
        assertThat(index.isIndex()).isTrue();
        assertThat(index.layers()).extracting(d -> d.digest()).containsExactlyInAnyOrderElementsOf(p.referrers());
        OciManifest referrer = registry.client().manifest("models/fraud-bert", p.referrers().get(0)).orElseThrow().parse("referrer");
        assertThat(referrer.artifactType()).isEqualTo("application/vnd.dev.sigstore.bundle.v0.3+json");
        assertThat(referrer.config().mediaType()).isEqualTo(OciManifest.EMPTY_CONFIG);
        assertThat(referrer.subject().digest()).isEqualTo(image);

        GateResult r = verify();
        assertThat(r.outcome()).as(r.text()).isEqualTo(GateResult.Outcome.PASS);
        assertThat(r.attestations()).hasSize(2).allSatisfy(a -> assertThat(a.location()).startsWith("oci://" + registry.host()));
        assertThat(r.text()).contains("the same envelope as");
    }

    @Test
    void publishingAgainAddsNothingTwice() {
        PublishService publish = new PublishService(RegistryAccess.anonymous());
        publish.publish(reference, List.of(bundles), true, true);
        PublishService.Published again = publish.publish(reference, List.of(bundles), true, true);
        assertThat(again.envelopes()).isZero();
        assertThat(registry.client().manifest("models/fraud-bert", again.cosignTag()).orElseThrow().parse("att").layers()).hasSize(2);
        assertThat(registry.client().manifest("models/fraud-bert", OciDigests.tagOf(image)).orElseThrow().parse("i").layers()).hasSize(2);
    }

    @Test
    void theCosignTagAloneIsEnoughForTheGate() {
        new PublishService(RegistryAccess.anonymous()).publish(reference, List.of(bundles), true, false);
        GateResult r = verify();
        assertThat(r.outcome()).as(r.text()).isEqualTo(GateResult.Outcome.PASS);
        assertThat(r.attestations()).allSatisfy(a -> assertThat(a.location()).contains(".att#sha256:"));
    }

    @Test
    void aTamperedBundleInTheRegistryStorageIsDetected() throws IOException {
        PublishService.Published p = new PublishService(RegistryAccess.anonymous()).publish(reference, List.of(bundles), false, true);
        OciManifest referrer = registry.client().manifest("models/fraud-bert", p.referrers().get(0)).orElseThrow().parse("referrer");
        Path blob = registry.blobFile(referrer.layers().get(0).digest());
        byte[] bytes = Files.readAllBytes(blob);
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        Files.writeString(blob, text.replace("\"keyid\"", "\"KEYID\""));

        GateResult r = verify();
        assertThat(r.outcome()).isEqualTo(GateResult.Outcome.ERROR);
        assertThat(r.errors()).anySatisfy(e -> assertThat(e).contains("tampered or corrupt"));
    }

    @Test
    void anUnknownArtifactIsAnError() {
        reference = "oci://" + registry.host() + "/models/fraud-bert@sha256:" + "0".repeat(64);
        GateResult r = verify();
        assertThat(r.outcome()).isEqualTo(GateResult.Outcome.ERROR);
        assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e).contains("no manifest"));
    }
}
