package dev.tightrope.trust.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.trust.ExternalTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ReviewerKeysTest {

    private static final int FAST = 1_000;

    @TempDir
    Path dir;

    private ReviewerKeys keys() {
        return new ReviewerKeys(dir.resolve("keys"), FAST, Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC));
    }

    private static char[] pw(String s) {
        return s.toCharArray();
    }

    @Test
    void generatedKeyIsEncryptedPkcs8WithStrongKdfAndOwnerOnlyPermissions() throws Exception {
        ReviewerKeys real = new ReviewerKeys(dir.resolve("keys"));
        char[] passphrase = pw("correct horse battery");
        KeyInfo info = real.generate("ana", KeyAlgorithm.P256, passphrase);

        assertThat(passphrase).containsOnly('\0');
        String pem = Files.readString(info.privateKeyFile());
        assertThat(pem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n").doesNotContain("\r");
        EncryptedPrivateKeyInfo epki = EncryptedPrivateKeyInfo.getInstance(Pem.decode(pem, "ENCRYPTED PRIVATE KEY", "test"));
        assertThat(epki.getEncryptionAlgorithm().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_PBES2);
        PBES2Parameters pbes2 = PBES2Parameters.getInstance(epki.getEncryptionAlgorithm().getParameters());
        PBKDF2Params kdf = PBKDF2Params.getInstance(pbes2.getKeyDerivationFunc().getParameters());
        assertThat(kdf.getIterationCount().intValue()).isEqualTo(600_000);
        assertThat(kdf.getPrf().getAlgorithm()).isEqualTo(PKCSObjectIdentifiers.id_hmacWithSHA256);
        assertThat(pbes2.getEncryptionScheme().getAlgorithm()).isEqualTo(NISTObjectIdentifiers.id_aes256_CBC);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(info.privateKeyFile()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(info.privateKeyFile().getParent()))).isEqualTo("rwx------");

        Signer signer = real.load("ana", pw("correct horse battery"));
        assertThat(signer.verificationKey().fingerprint()).isEqualTo(info.fingerprint());
        byte[] sig = signer.sign("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(VerificationKey.fromPem(real.publicKeyPem("ana"), "pub").verify("hello".getBytes(StandardCharsets.UTF_8), sig)).isTrue();
    }

    @Test
    void listShowsAlgorithmCreatedTimeFingerprintAndHint() {
        ReviewerKeys keys = keys();
        KeyInfo ana = keys.generate("ana", KeyAlgorithm.P256, pw("passphrase-1"));
        keys.generate("bo", KeyAlgorithm.P384, pw("passphrase-2"));
        keys.generate("cy", KeyAlgorithm.ED25519, pw("passphrase-3"));

        ReviewerKeys.Listing listing = keys.list();
        assertThat(listing.problems()).isEmpty();
        assertThat(listing.keys()).extracting(KeyInfo::name).containsExactly("ana", "bo", "cy");
        assertThat(listing.keys()).extracting(KeyInfo::algorithm)
                .containsExactly(KeyAlgorithm.P256, KeyAlgorithm.P384, KeyAlgorithm.ED25519);
        KeyInfo listed = listing.keys().get(0);
        assertThat(listed.created()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(listed.fingerprint()).isEqualTo(ana.fingerprint()).startsWith("SHA256:").hasSize(7 + 43);
        assertThat(listed.hint()).matches("[0-9a-f]{64}");
    }

    @Test
    void wrongPassphraseIsAClearErrorNamingTheKey() {
        ReviewerKeys keys = keys();
        keys.generate("ana", KeyAlgorithm.P256, pw("right passphrase"));
        char[] wrong = pw("wrong passphrase");
        assertThatThrownBy(() -> keys.load("ana", wrong))
                .isInstanceOf(BadPassphraseException.class)
                .hasMessage("wrong passphrase for key 'ana'");
        assertThat(wrong).containsOnly('\0');
    }

    @Test
    void shortNewPassphraseWritesNothing() throws Exception {
        ReviewerKeys keys = keys();
        assertThatThrownBy(() -> keys.generate("ana", KeyAlgorithm.P256, pw("short")))
                .isInstanceOf(BadPassphraseException.class)
                .hasMessageContaining("at least 8 characters");
        assertThat(dir.resolve("keys")).doesNotExist();
    }

    @Test
    void importWithWrongSourcePassphraseWritesNothing() throws Exception {
        Signer original = Signer.generate(KeyAlgorithm.P256);
        String encrypted = PrivateKeyPem.encrypt(((KeyPairSigner) original).privateKey(), pw("exported-pass"), FAST);
        ReviewerKeys keys = keys();
        keys.generate("other", KeyAlgorithm.P256, pw("passphrase"));
        List<Path> before = Files.list(dir.resolve("keys")).sorted().toList();

        assertThatThrownBy(() -> keys.importPrivateKey("ana", encrypted, pw("not-it"), pw("new passphrase")))
                .isInstanceOf(BadPassphraseException.class)
                .hasMessage("wrong passphrase for key 'ana'");
        assertThat(Files.list(dir.resolve("keys")).sorted().toList()).isEqualTo(before);
    }

    @Test
    void importsEncryptedPlainAndSec1KeysAndReEncryptsThem() throws Exception {
        ReviewerKeys keys = keys();
        KeyPairSigner p256 = (KeyPairSigner) Signer.generate(KeyAlgorithm.P256);
        String encrypted = PrivateKeyPem.encrypt(p256.privateKey(), pw("exported-pass"), FAST);
        KeyInfo a = keys.importPrivateKey("enc", encrypted, pw("exported-pass"), pw("new passphrase"));
        assertThat(a.fingerprint()).isEqualTo(p256.verificationKey().fingerprint());

        KeyPairSigner ed = (KeyPairSigner) Signer.generate(KeyAlgorithm.ED25519);
        String plain = Pem.encode("PRIVATE KEY", PrivateKeyPem.portable(ed.privateKey()).getEncoded());
        KeyInfo b = keys.importPrivateKey("plain", plain, null, pw("new passphrase"));
        assertThat(b.fingerprint()).isEqualTo(ed.verificationKey().fingerprint());
        assertThat(keys.load("plain", pw("new passphrase")).verificationKey()).isEqualTo(ed.verificationKey());

        // SEC1 "EC PRIVATE KEY" as written by `openssl ecparam -genkey`: the RFC 6979 A.2.5 key.
        String sec1 = "-----BEGIN EC PRIVATE KEY-----\n"
                + "MHcCAQEEIMmvqdhFunUWa1whV2ex1pNOUMPbNuibEnuKYisSD2choAoGCCqGSM49\n"
                + "AwEHoUQDQgAEYP7UuiVanTHJYet0xjVtaMBJuJI7Yfps5mliLmDyn7Z5A/4QCLi8\n"
                + "maQa6elWKLxk8vGyDC1+n1F3o8KU1EYimQ==\n"
                + "-----END EC PRIVATE KEY-----\n";
        KeyInfo c = keys.importPrivateKey("sec1", sec1, null, pw("new passphrase"));
        assertThat(c.algorithm()).isEqualTo(KeyAlgorithm.P256);
        assertThat(keys.publicKeyPem("sec1")).isEqualTo("-----BEGIN PUBLIC KEY-----\n"
                + "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEYP7UuiVanTHJYet0xjVtaMBJuJI7\n"
                + "Yfps5mliLmDyn7Z5A/4QCLi8maQa6elWKLxk8vGyDC1+n1F3o8KU1EYimQ==\n"
                + "-----END PUBLIC KEY-----\n");
    }

    @Test
    void existingNameAndPathLikeNamesAreRefused() {
        ReviewerKeys keys = keys();
        keys.generate("ana", KeyAlgorithm.P256, pw("passphrase"));
        assertThatThrownBy(() -> keys.generate("ana", KeyAlgorithm.P256, pw("passphrase")))
                .isInstanceOf(KeyException.class).hasMessageContaining("already exists");
        assertThatThrownBy(() -> keys.generate("../evil", KeyAlgorithm.P256, pw("passphrase")))
                .isInstanceOf(KeyException.class).hasMessageContaining("not allowed");
    }

    @Test
    void swappedPublicKeyFileIsDetectedOnLoad() throws Exception {
        ReviewerKeys keys = keys();
        keys.generate("ana", KeyAlgorithm.P256, pw("passphrase"));
        Path pub = dir.resolve("keys/ana.pub.pem");
        Files.writeString(pub, Signer.generate(KeyAlgorithm.P256).verificationKey().pem());
        assertThatThrownBy(() -> keys.load("ana", pw("passphrase")))
                .isInstanceOf(KeyException.class).hasMessageContaining("does not match the private key");
    }

    @Test
    void brokenEntryIsListedAsAProblemNotSkipped() throws Exception {
        ReviewerKeys keys = keys();
        keys.generate("ana", KeyAlgorithm.P256, pw("passphrase"));
        Files.writeString(dir.resolve("keys/broken.key.pem"), "junk");
        ReviewerKeys.Listing listing = keys.list();
        assertThat(listing.keys()).extracting(KeyInfo::name).containsExactly("ana");
        assertThat(listing.problems()).singleElement().satisfies(p -> assertThat(p.location()).endsWith("broken.key.pem"));
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // drives openssl
    void opensslReadsTheEncryptedKeyWithThePassphrase() throws Exception {
        String openssl = ExternalTools.openssl();
        ReviewerKeys real = new ReviewerKeys(dir.resolve("keys"));
        KeyInfo info = real.generate("ana", KeyAlgorithm.P384, pw("openssl-pass"));
        ExternalTools.Result out = ExternalTools.run(List.of(openssl, "pkey", "-in", info.privateKeyFile().toString(),
                "-passin", "pass:openssl-pass", "-pubout"), dir);
        assertThat(out.exitCode()).as(out.output()).isZero();
        assertThat(out.output()).isEqualTo(real.publicKeyPem("ana"));
        ExternalTools.Result wrong = ExternalTools.run(List.of(openssl, "pkey", "-in", info.privateKeyFile().toString(),
                "-passin", "pass:nope", "-noout"), dir);
        assertThat(wrong.exitCode()).isNotZero();
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // drives python3
    void pythonCryptographyLoadsTheEncryptedKey() throws Exception {
        String python = ExternalTools.pythonWithCryptography();
        ReviewerKeys keys = keys();
        KeyInfo info = keys.generate("ana", KeyAlgorithm.ED25519, pw("python-pass"));
        String script = "import sys\n"
                + "from cryptography.hazmat.primitives import serialization\n"
                + "k = serialization.load_pem_private_key(open(sys.argv[1],'rb').read(), password=b'python-pass')\n"
                + "sys.stdout.write(k.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode())\n";
        Path py = dir.resolve("load.py");
        Files.writeString(py, script);
        ExternalTools.Result out = ExternalTools.run(List.of(python, py.toString(), info.privateKeyFile().toString()), dir);
        assertThat(out.exitCode()).as(out.output()).isZero();
        assertThat(out.output()).isEqualTo(keys.publicKeyPem("ana"));
    }

    @Test
    void algorithmNamesParseInTheUsualSpellings() {
        assertThat(KeyAlgorithm.parse("p256")).isEqualTo(KeyAlgorithm.P256);
        assertThat(KeyAlgorithm.parse("P-384")).isEqualTo(KeyAlgorithm.P384);
        assertThat(KeyAlgorithm.parse("secp256r1")).isEqualTo(KeyAlgorithm.P256);
        assertThat(KeyAlgorithm.parse("Ed25519")).isEqualTo(KeyAlgorithm.ED25519);
        assertThatThrownBy(() -> KeyAlgorithm.parse("rsa")).hasMessageContaining("unknown key algorithm");
    }
}
