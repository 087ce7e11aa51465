package dev.tightrope.trust.reviewers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.trust.TrustFormatException;
import dev.tightrope.trust.keys.KeyAlgorithm;
import dev.tightrope.trust.keys.Signer;
import dev.tightrope.trust.keys.VerificationKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustStoreTest {

    @TempDir
    Path dir;

    private static Reviewer reviewer(String name, String... roles) {
        return new Reviewer(name, name + "@example.com", new TreeSet<>(Set.of(roles)), Signer.generate(KeyAlgorithm.P256).verificationKey());
    }

    @Test
    void fileIsSortedPrettyJsonOneReviewerPerObjectWithPemLines() throws Exception {
        Path file = dir.resolve("trust.json");
        Reviewer bo = reviewer("bo", "ml-lead");
        Reviewer ana = reviewer("ana", "security", "legal");
        TrustStore.add(file, bo);
        TrustStore.add(file, ana);
        String text = Files.readString(file);
        assertThat(text).startsWith("{\n  \"reviewers\": [\n    {\n      \"email\": \"ana@example.com\",\n      \"fingerprint\": \"SHA256:");
        assertThat(text).contains("      \"publicKey\": [\n        \"-----BEGIN PUBLIC KEY-----\",\n");
        assertThat(text).contains("      \"roles\": [\n        \"legal\",\n        \"security\"\n      ]");
        assertThat(text).endsWith("  \"type\": \"tightrope-trust-store\",\n  \"version\": 1\n}\n").doesNotContain("\r");
        assertThat(text.indexOf("\"ana\"")).isLessThan(text.indexOf("\"bo\""));

        TrustStore loaded = TrustStore.load(file);
        assertThat(loaded.reviewers()).extracting(Reviewer::name).containsExactly("ana", "bo");
        assertThat(loaded.byName("ana").orElseThrow().roles()).containsExactly("legal", "security");
        assertThat(loaded.byKey(ana.key())).isPresent();
        assertThat(loaded.byKeyId(ana.key().hint()).orElseThrow().name()).isEqualTo("ana");
        assertThat(loaded.toBytes()).isEqualTo(Files.readAllBytes(file));

        TrustStore.remove(file, "bo");
        assertThat(TrustStore.load(file).reviewers()).extracting(Reviewer::name).containsExactly("ana");
    }

    @Test
    void corruptFileIsAClearErrorWithPositionAndIsNeverOverwritten() throws Exception {
        Path file = dir.resolve("trust.json");
        String broken = "{\n  \"version\": 1,\n  \"reviewers\": [\n    {\"name\": \"ana\",,}\n  ]\n}\n";
        Files.writeString(file, broken);
        assertThatThrownBy(() -> TrustStore.add(file, reviewer("bo")))
                .isInstanceOf(TrustFormatException.class)
                .hasMessageContaining(file + ":4:");
        assertThat(Files.readString(file)).isEqualTo(broken);
    }

    @Test
    void fingerprintNotMatchingTheKeyIsAnError() throws Exception {
        Path file = dir.resolve("trust.json");
        TrustStore.add(file, reviewer("ana"));
        String text = Files.readString(file);
        String other = Signer.generate(KeyAlgorithm.P256).verificationKey().fingerprint();
        Files.writeString(file, text.replaceFirst("SHA256:[A-Za-z0-9+/]+", other.replace("+", "\\+").replace("/", "\\/")));
        assertThatThrownBy(() -> TrustStore.load(file)).isInstanceOf(TrustFormatException.class)
                .hasMessageContaining("reviewers[0] ('ana')").hasMessageContaining("does not match the public key");
    }

    @Test
    void unknownFieldsDuplicateNamesAndDuplicateKeysAreRefused() {
        VerificationKey key = Signer.generate(KeyAlgorithm.P256).verificationKey();
        assertThatThrownBy(() -> TrustStore.parse("{\"version\":1,\"reviewers\":[{\"name\":\"a\",\"role\":[\"x\"],\"publicKey\":\"\"}]}".getBytes(), "t.json"))
                .isInstanceOf(TrustFormatException.class).hasMessageContaining("unknown field 'role'");
        TrustStore one = TrustStore.empty().with(new Reviewer("ana", null, null, key));
        assertThatThrownBy(() -> one.with(new Reviewer("bo", null, null, key))).hasMessageContaining("already trusted as 'ana'");
        assertThatThrownBy(() -> one.with(reviewer("ana"))).hasMessageContaining("already trusted");
        assertThatThrownBy(() -> TrustStore.parse("{\"version\":2,\"reviewers\":[]}".getBytes(), "t.json"))
                .hasMessageContaining("version 2 is not supported");
    }

    @Test
    void aDuplicateKeyInTheTrustStoreFileIsRefused() throws Exception {
        // Two "roles" for one reviewer: another parser could keep the other one and grant a different role.
        Path file = dir.resolve("reviewers.json");
        TrustStore.add(file, reviewer("ana", "ml-lead"));
        Files.writeString(file, Files.readString(file).replace("\"roles\": [", "\"roles\": [\"security\"], \"roles\": ["));

        assertThatThrownBy(() -> TrustStore.load(file)).isInstanceOf(TrustFormatException.class)
                .hasMessageStartingWith(file + ":")
                .hasMessageContaining("duplicate key 'roles'");
    }

    @Test
    void aTrustStoreFileOverTheSizeBoundIsRefusedWithoutBeingRead() throws Exception {
        Path file = dir.resolve("huge.json");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {' '}), dev.tightrope.trust.TrustJson.LIMITS.maxDocumentLength());
        }

        assertThatThrownBy(() -> TrustStore.load(file)).isInstanceOf(TrustFormatException.class)
                .hasMessageContaining("larger than " + dev.tightrope.trust.TrustJson.LIMITS.maxDocumentLength() + " bytes; not read");
    }

    @Test
    void missingFileIsAnErrorForVerification() {
        assertThatThrownBy(() -> TrustStore.load(dir.resolve("nope.json"))).isInstanceOf(TrustFormatException.class)
                .hasMessageContaining("no such trust store file");
    }
}
