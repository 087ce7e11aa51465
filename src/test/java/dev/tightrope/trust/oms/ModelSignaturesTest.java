package dev.tightrope.trust.oms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.domain.ManifestOrder;
import dev.tightrope.domain.ModelManifest;
import dev.tightrope.trust.ExternalTools;
import dev.tightrope.trust.keys.KeyAlgorithm;
import dev.tightrope.trust.keys.KeyException;
import dev.tightrope.trust.keys.Signer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ModelSignaturesTest {

    @TempDir
    Path tmp;

    private final ModelSignatures signatures = new ModelSignatures(new ModelHasher(2));
    private final Signer signer = Signer.generate(KeyAlgorithm.P256);

    private Path model() throws Exception {
        Path m = Files.createDirectories(tmp.resolve("fraud-bert"));
        Files.writeString(m.resolve("config.json"), "{\"layers\": 12}");
        Files.createDirectories(m.resolve("a"));
        Files.writeString(m.resolve("a/x"), "x");
        Files.writeString(m.resolve("a.json"), "{}");
        byte[] weights = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(weights);
        Files.write(m.resolve("model.safetensors"), weights);
        Files.createDirectories(m.resolve(".git"));
        Files.writeString(m.resolve(".git/HEAD"), "ref: refs/heads/main");
        return m;
    }

    @Test
    void signedModelVerifiesAndOrdersResourcesAsModelSigningDoes() throws Exception {
        Path m = model();
        ModelManifest manifest = signatures.signModel(m, OmsSerialization.files(), signer, m.resolve("model.sig"));
        assertThat(manifest.resources()).extracting(ModelManifest.Resource::name)
                .containsExactly("a/x", "a.json", "config.json", "model.safetensors");
        ModelVerification v = signatures.verify(m, m.resolve("model.sig"), signer.verificationKey(), ModelSignatures.VerifyOptions.defaults());
        assertThat(v.failures()).isEmpty();
        assertThat(v.rootDigest()).isEqualTo(manifest.rootDigest());
    }

    @Test
    void parallelAndSequentialHashingAgree() throws Exception {
        Path m = model();
        assertThat(new ModelHasher(1).hash(m, OmsSerialization.files())).isEqualTo(new ModelHasher(4).hash(m, OmsSerialization.files()));
    }

    @Test
    void tamperedExtraMissingFilesAndWrongKeyFail() throws Exception {
        Path m = model();
        Path sig = tmp.resolve("fraud-bert.sig");
        signatures.signModel(m, OmsSerialization.files(), signer, sig);

        Files.writeString(m.resolve("config.json"), "{\"layers\": 13}");
        assertThat(signatures.verify(m, sig, signer.verificationKey(), ModelSignatures.VerifyOptions.defaults()).failures())
                .containsExactly("modified since signing: config.json");
        Files.writeString(m.resolve("config.json"), "{\"layers\": 12}");

        Files.writeString(m.resolve("extra.bin"), "new");
        assertThat(signatures.verify(m, sig, signer.verificationKey(), ModelSignatures.VerifyOptions.defaults()).failures())
                .containsExactly("not covered by the signature: extra.bin");
        ModelVerification lenient = signatures.verify(m, sig, signer.verificationKey(), new ModelSignatures.VerifyOptions(true, List.of()));
        assertThat(lenient.verified()).isTrue();
        assertThat(lenient.warnings()).contains("not covered by the signature (ignored): extra.bin");
        Files.delete(m.resolve("extra.bin"));

        Files.delete(m.resolve("a/x"));
        assertThat(signatures.verify(m, sig, signer.verificationKey(), ModelSignatures.VerifyOptions.defaults()).failures())
                .containsExactly("signed but missing: a/x");

        ModelVerification wrong = signatures.verify(m, sig, Signer.generate(KeyAlgorithm.P256).verificationKey(),
                ModelSignatures.VerifyOptions.defaults());
        assertThat(wrong.failures()).singleElement().asString().contains("names key hint");
    }

    @Test
    void shardedSerializationRoundTrips() throws Exception {
        Path m = model();
        OmsSerialization shards = OmsSerialization.shards(1024 * 1024);
        ModelManifest manifest = signatures.signModel(m, shards, signer, m.resolve("model.sig"));
        assertThat(manifest.resources()).extracting(ModelManifest.Resource::name).contains(
                "model.safetensors:0:1048576", "model.safetensors:3145728:3145745");
        assertThat(signatures.verify(m, m.resolve("model.sig"), signer.verificationKey(), ModelSignatures.VerifyOptions.defaults()).failures())
                .isEmpty();
    }

    @Test
    void shardOffsetsSortAsIntegers() {
        assertThat(ManifestOrder.NAMES.compare("w:9:10", "w:10:11")).isNegative();
        assertThat(ManifestOrder.NAMES.compare("a/x", "a.json")).isNegative();
        assertThat(ManifestOrder.NAMES.compare("b", "a/z")).isPositive();
        assertThat(ManifestOrder.splitShard("a:b:0:5")).containsExactly("a:b", "0", "5");
    }

    @Test
    void symlinkIsAnErrorUnlessAllowed() throws Exception {
        Path m = model();
        Files.createSymbolicLink(m.resolve("link.bin"), m.resolve("config.json"));
        assertThatThrownBy(() -> new ModelHasher(2).hash(m, OmsSerialization.files()))
                .isInstanceOf(ModelHashingException.class).hasMessageContaining("link.bin is a symbolic link");
        ModelManifest manifest = new ModelHasher(2).hash(m, OmsSerialization.files().withSymlinks(true));
        assertThat(manifest.resources()).extracting(ModelManifest.Resource::name).contains("link.bin");
    }

    @Test
    void emptyModelIsRefused() throws Exception {
        Path m = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> new ModelHasher(2).hash(m, OmsSerialization.files()))
                .isInstanceOf(ModelHashingException.class).hasMessageContaining("no files");
    }

    @Test
    void ed25519CannotSignAModelSig() throws Exception {
        Path m = model();
        assertThatThrownBy(() -> signatures.signModel(m, OmsSerialization.files(), Signer.generate(KeyAlgorithm.ED25519), m.resolve("model.sig")))
                .isInstanceOf(KeyException.class).hasMessageContaining("ECDSA keys only");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // drives python3
    void independentPythonCheckAcceptsOurModelSig() throws Exception {
        String python = ExternalTools.pythonWithCryptography();
        Path m = model();
        Path sig = tmp.resolve("model.sig");
        signatures.signModel(m, OmsSerialization.files(), signer, sig);
        Path pub = Files.writeString(tmp.resolve("pub.pem"), signer.verificationKey().pem());
        // What model_signing's key verifier checks, written independently: hint, DER ECDSA over the
        // PAE, statement and predicate types, root digest in payload order, every file re-hashed.
        String script = "import sys, json, base64, hashlib, os\n"
                + "from cryptography.hazmat.primitives import serialization, hashes\n"
                + "from cryptography.hazmat.primitives.asymmetric import ec\n"
                + "b = json.load(open(sys.argv[1])); pem = open(sys.argv[2], 'rb').read(); root = sys.argv[3]\n"
                + "assert b['mediaType'] == 'application/vnd.dev.sigstore.bundle.v0.3+json'\n"
                + "assert b['verificationMaterial']['publicKey']['hint'] == hashlib.sha256(pem).hexdigest()\n"
                + "env = b['dsseEnvelope']; payload = base64.b64decode(env['payload']); t = env['payloadType'].encode()\n"
                + "pae = b'DSSEv1 %d %s %d %s' % (len(t), t, len(payload), payload)\n"
                + "assert len(env['signatures']) == 1\n"
                + "serialization.load_pem_public_key(pem).verify(base64.b64decode(env['signatures'][0]['sig']), pae, ec.ECDSA(hashes.SHA256()))\n"
                + "st = json.loads(payload)\n"
                + "assert st['_type'] == 'https://in-toto.io/Statement/v1' and st['predicateType'] == 'https://model_signing/signature/v1.0'\n"
                + "res = st['predicate']['resources']; ser = st['predicate']['serialization']\n"
                + "assert ser['method'] == 'files' and ser['hash_type'] == 'sha256' and ser['allow_symlinks'] is False\n"
                + "assert st['subject'][0]['digest']['sha256'] == hashlib.sha256(b''.join(bytes.fromhex(r['digest']) for r in res)).hexdigest()\n"
                + "for r in res:\n"
                + "    assert r['algorithm'] == 'sha256'\n"
                + "    assert hashlib.sha256(open(os.path.join(root, r['name']), 'rb').read()).hexdigest() == r['digest'], r['name']\n"
                + "names = sorted(r['name'] for r in res)\n"
                + "print('verified', len(names))\n";
        Path py = Files.writeString(tmp.resolve("oms_check.py"), script);
        ExternalTools.Result r = ExternalTools.run(List.of(python, py.toString(), sig.toString(), pub.toString(), m.toString()), tmp);
        assertThat(r.output()).contains("verified 4");
    }
}
