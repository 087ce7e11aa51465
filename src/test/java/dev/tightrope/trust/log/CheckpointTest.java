package dev.tightrope.trust.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.trust.TrustFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    @Test
    void goSumdbNoteExampleVerifies() {
        NoteVerifier v = NoteVerifier.parse("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
        SignedNote note = SignedNote.parse("If you think cryptography is the answer to your problem,\n"
                + "then you don't know what your problem is.\n"
                + "\n"
                + "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n", "example");
        assertThat(v.verifies(note)).isTrue();
    }

    @Test
    void signedCheckpointHasTheC2spShapeAndVerifies() {
        LogKey key = LogKey.fromSeed("tightrope.dev/audit/ws-1", new byte[32]);
        byte[] root = new byte[32];
        root[31] = 7;
        String note = key.sign(new Checkpoint("tightrope.dev/audit/ws-1", 42, root, List.of()));
        String[] lines = note.split("\n", -1);
        assertThat(lines[0]).isEqualTo("tightrope.dev/audit/ws-1");
        assertThat(lines[1]).isEqualTo("42");
        assertThat(lines[2]).isEqualTo(Base64.getEncoder().encodeToString(root));
        assertThat(lines[3]).isEmpty();
        assertThat(lines[4]).startsWith("\u2014 tightrope.dev/audit/ws-1 ");
        assertThat(Base64.getDecoder().decode(lines[4].substring(lines[4].lastIndexOf(' ') + 1))).hasSize(68);

        NoteVerifier verifier = NoteVerifier.parse(key.verifier().toString());
        assertThat(verifier.toString()).matches("tightrope\\.dev/audit/ws-1\\+[0-9a-f]{8}\\+[A-Za-z0-9+/]{44}");
        Checkpoint cp = verifier.verifyCheckpoint(note, "note");
        assertThat(cp.size()).isEqualTo(42);
        assertThat(cp.rootHash()).isEqualTo(root);

        String forged = note.replace("\n42\n", "\n43\n");
        assertThatThrownBy(() -> verifier.verifyCheckpoint(forged, "forged"))
                .isInstanceOf(TrustFormatException.class).hasMessageContaining("not signed by log key");
        LogKey other = LogKey.generate("tightrope.dev/audit/ws-1");
        assertThatThrownBy(() -> other.verifier().verifyCheckpoint(note, "note")).isInstanceOf(TrustFormatException.class);
    }

    @Test
    void verifierKeyWithWrongKeyIdIsRejected() {
        String vkey = LogKey.generate("log").verifier().toString();
        String[] parts = vkey.split("\\+", 3);
        assertThatThrownBy(() -> NoteVerifier.parse(parts[0] + "+00000000+" + parts[2]))
                .isInstanceOf(TrustFormatException.class).hasMessageContaining("does not match");
    }

    @Test
    void logKeyIsCreatedOwnerOnlyOnceAndReadBack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys/log.key");
        LogKey created = LogKey.loadOrCreate(file, "tightrope.dev/audit/ws-1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .as("the keys directory, made here before any reviewer key").isEqualTo("rwx------");
        assertThat(LogKey.loadOrCreate(file, "tightrope.dev/audit/ws-1").verifier()).isEqualTo(created.verifier());
    }

    @Test
    void logKeyPemRoundTrips() {
        LogKey key = LogKey.generate("log");
        LogKey again = LogKey.fromPkcs8Pem("log", key.toPkcs8Pem(), "pem");
        assertThat(again.verifier()).isEqualTo(key.verifier());
    }
}
