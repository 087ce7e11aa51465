package dev.tightrope.trust.oms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.trust.TrustFormatException;
import dev.tightrope.trust.keys.VerificationKey;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public OpenSSF model signing test bundles (see src/test/resources/dev/tightrope/trust/oms/SOURCES.md). */
class OmsVectorsTest {

    @TempDir
    Path tmp;

    private final ModelSignatures signatures = new ModelSignatures(new ModelHasher(2));

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(OmsVectorsTest.class.getResource("/dev/tightrope/trust/oms/" + name).toURI());
    }

    private Path copy(String name) throws Exception {
        Path src = resource(name);
        Path dst = tmp.resolve(src.getFileName().toString());
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Path target = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return dst;
    }

    private static VerificationKey key() throws Exception {
        return VerificationKey.fromPem(Files.readString(resource("keys/signing-key-pub.pem")), "signing-key-pub.pem");
    }

    @Test
    void publishedKeyHasThePublishedOmsHint() throws Exception {
        assertThat(key().hint()).isEqualTo("e8450dec4eb99dae995da9af1bc2cc9f76ed669ee2e744f57abba763df3e3f8e");
    }

    @Test
    void v110BundleWithHintAndRecordedIgnorePathVerifies() throws Exception {
        Path model = copy("v1.1.0-elliptic-key");
        ModelVerification v = signatures.verify(model, model.resolve("model.sig"), key(), ModelSignatures.VerifyOptions.defaults());
        assertThat(v.failures()).isEmpty();
        assertThat(v.verified()).isTrue();
        assertThat(v.legacyPae()).isFalse();
        assertThat(v.rootDigest().hex()).isEqualTo("92745110b1ab4368471cbe31664e10174e954b113a3df333db860317b2c6dec4");
    }

    @Test
    void v101BundleWithRawBytesKeyAndNullKeyidVerifies() throws Exception {
        Path model = copy("v1.0.1-elliptic-key");
        ModelVerification v = signatures.verify(model, model.resolve("model.sig"), key(), ModelSignatures.VerifyOptions.defaults());
        assertThat(v.failures()).isEmpty();
        assertThat(v.verified()).isTrue();
    }

    @Test
    void singleFileModelsFromV100AndV031Verify() throws Exception {
        for (String version : new String[] {"v1.0.0-elliptic-key", "v0.3.1-elliptic-key"}) {
            Path dir = copy(version);
            ModelVerification v = signatures.verify(dir.resolve("signme-1"), dir.resolve("model.sig"), key(),
                    ModelSignatures.VerifyOptions.defaults());
            assertThat(v.failures()).as(version).isEmpty();
            assertThat(v.rootDigest().hex()).isEqualTo("afa48c8674afe334b8a7dea34f7b46ab256e9255edf8da2132792341b667a45b");
        }
    }

    @Test
    void specValidKeyBundleVerifiesAgainstItsModel() throws Exception {
        Path model = Files.createDirectories(tmp.resolve("model"));
        Files.writeString(model.resolve("signme-1"), "signme-1\n");
        Files.writeString(model.resolve("signme-2"), "signme-2");
        Files.writeString(model.resolve("ignore-me"), "anything");
        ModelVerification v = signatures.verify(model, resource("spec-v1.0/valid/key.bundle.json"), key(),
                ModelSignatures.VerifyOptions.defaults());
        assertThat(v.failures()).isEmpty();
    }

    @Test
    void specWrongPredicateBundleIsRejected() throws Exception {
        Path model = copy("v1.1.0-elliptic-key");
        ModelVerification v = signatures.verify(model, resource("spec-v1.0/invalid-payload/wrong-predicate.bundle.json"), key(),
                ModelSignatures.VerifyOptions.defaults());
        assertThat(v.verified()).isFalse();
        assertThat(v.failures()).singleElement().asString().contains("does not verify");
    }

    @Test
    void specBundleWithoutEnvelopeIsAFormatError() throws Exception {
        Path model = copy("v1.1.0-elliptic-key");
        assertThatThrownBy(() -> signatures.verify(model, resource("spec-v1.0/invalid/missing-envelope.bundle.json"), key(),
                ModelSignatures.VerifyOptions.defaults()))
                .isInstanceOf(TrustFormatException.class).hasMessageContaining("no dsseEnvelope");
    }

    @Test
    void v020LegacyPaeSignatureIsVerifiedAndFlaggedAsLegacy() throws Exception {
        Path model = copy("v0.2.0-certificate");
        ModelVerification v = signatures.verify(model, model.resolve("model.sig"), key(), ModelSignatures.VerifyOptions.defaults());
        assertThat(v.failures()).isEmpty();
        assertThat(v.legacyPae()).isTrue();
        assertThat(v.warnings()).anyMatch(w -> w.startsWith("legacy signature"))
                .anyMatch(w -> w.contains("Digests/v0.1"));
    }

    @Test
    void vectorWithAModifiedFileFails() throws Exception {
        Path model = copy("v1.1.0-elliptic-key");
        Files.writeString(model.resolve("signme-2"), "signme-2 changed");
        ModelVerification v = signatures.verify(model, model.resolve("model.sig"), key(), ModelSignatures.VerifyOptions.defaults());
        assertThat(v.failures()).containsExactly("modified since signing: signme-2");
    }
}
