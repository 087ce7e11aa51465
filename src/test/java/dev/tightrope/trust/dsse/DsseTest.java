package dev.tightrope.trust.dsse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.trust.ExternalTools;
import dev.tightrope.trust.TrustFormatException;
import dev.tightrope.trust.keys.KeyAlgorithm;
import dev.tightrope.trust.keys.Signer;
import dev.tightrope.trust.keys.VerificationKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.spec.ECNamedCurveSpec;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class DsseTest {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path dir;

    @Test
    void paeMatchesTheDsseSpecificationExample() {
        byte[] pae = Pae.encode("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(pae, StandardCharsets.UTF_8)).isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
    }

    @Test
    void paeCountsBytesNotCharacters() {
        byte[] pae = Pae.encode("t", "é".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(pae, StandardCharsets.UTF_8)).isEqualTo("DSSEv1 1 t 2 é");
    }

    @Test
    void dsseSpecificationSignatureIsReproducedWithDeterministicEcdsa() throws Exception {
        PrivateKey key = p256(new BigInteger("97358161215184420915383655311931858321456579547487070936769975997791359926199"));
        byte[] pae = Pae.encode("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance("SHA256withECDDSA", BC);
        s.initSign(key);
        s.update(pae);
        byte[] der = s.sign();
        assertThat(Base64.getEncoder().encodeToString(rawRs(der, 32)))
                .isEqualTo("A3JqsQGtVsJ2O2xqrI5IcnXip5GToJ3F+FnZ+O88SjtR6rDAajabZKciJTfUiHqJPcIAriEGAHTVeCUjW2JIZA==");
    }

    @Test
    void rfc6979SampleVectorForP256Sha256() throws Exception {
        PrivateKey key = p256(new BigInteger("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721", 16));
        Signature s = Signature.getInstance("SHA256withECDDSA", BC);
        s.initSign(key);
        s.update("sample".getBytes(StandardCharsets.US_ASCII));
        byte[] rs = rawRs(s.sign(), 32);
        assertThat(HEX.formatHex(rs, 0, 32)).isEqualToIgnoringCase("EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716");
        assertThat(HEX.formatHex(rs, 32, 64)).isEqualToIgnoringCase("F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8");
    }

    @Test
    void rfc8032Ed25519TestOne() throws Exception {
        byte[] seed = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] pkcs8 = concat(HEX.parseHex("302e020100300506032b657004220420"), seed);
        PrivateKey key = KeyFactory.getInstance("Ed25519", BC).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        Signature s = Signature.getInstance("Ed25519", BC);
        s.initSign(key);
        byte[] sig = s.sign();
        assertThat(HEX.formatHex(sig)).isEqualTo("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        VerificationKey pub = VerificationKey.fromSpki(concat(HEX.parseHex("302a300506032b6570032100"),
                HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")), "rfc8032");
        assertThat(pub.algorithm()).isEqualTo(KeyAlgorithm.ED25519);
        assertThat(pub.verify(new byte[0], sig)).isTrue();
        assertThat(pub.verify(new byte[] {1}, sig)).isFalse();
    }

    @Test
    void signedEnvelopeVerifiesAndCarriesTheExactPayload() {
        Signer signer = Signer.generate(KeyAlgorithm.P256);
        byte[] payload = "{\"a\": 1,  \"b\":2}".getBytes(StandardCharsets.UTF_8);
        Envelope env = Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, payload, signer, signer.verificationKey().hint());
        Envelope read = Envelope.fromJson(dev.tightrope.trust.TrustJson.parse(dev.tightrope.trust.TrustJson.compact(env.toJson()), "t"), "t");
        assertThat(read.payload()).isEqualTo(payload);
        assertThat(Dsse.verify(read, List.of(signer.verificationKey()), false))
                .singleElement().satisfies(v -> assertThat(v.legacyPae()).isFalse());
    }

    @Test
    void wrongKeyAndTamperedPayloadDoNotVerify() {
        Signer signer = Signer.generate(KeyAlgorithm.P256);
        Signer other = Signer.generate(KeyAlgorithm.P256);
        Envelope env = Dsse.sign("text/plain", "approve".getBytes(StandardCharsets.UTF_8), signer, null);
        assertThat(Dsse.verify(env, List.of(other.verificationKey()), true)).isEmpty();
        Envelope tampered = new Envelope("text/plain", "approvE".getBytes(StandardCharsets.UTF_8), env.signatures());
        assertThat(Dsse.verify(tampered, List.of(signer.verificationKey()), true)).isEmpty();
        Envelope retyped = new Envelope("text/other", env.payload(), env.signatures());
        assertThat(Dsse.verify(retyped, List.of(signer.verificationKey()), true)).isEmpty();
    }

    @Test
    void urlSafeBase64UnknownFieldsAndMissingKeyidAreAccepted() {
        Signer signer = Signer.generate(KeyAlgorithm.ED25519);
        byte[] payload = new byte[] {(byte) 0xfb, (byte) 0xff, (byte) 0xfe, 0x3e, 0x3f};
        Envelope env = Dsse.sign("application/octet-stream", payload, signer, "ignored");
        String json = "{\"payload\":\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(payload) + "\","
                + "\"payloadType\":\"application/octet-stream\",\"extra\":{\"x\":1},"
                + "\"signatures\":[{\"sig\":\"" + Base64.getUrlEncoder().encodeToString(env.signatures().get(0).sig()) + "\",\"other\":true}]}";
        Envelope read = Envelope.fromJson(dev.tightrope.trust.TrustJson.parse(json, "t"), "t");
        assertThat(read.signatures().get(0).keyid()).isNull();
        assertThat(Dsse.verify(read, List.of(signer.verificationKey()), false)).hasSize(1);
    }

    @Test
    void missingSigIsAFormatError() {
        assertThatThrownBy(() -> Envelope.fromJson(dev.tightrope.trust.TrustJson.parse(
                "{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[{\"keyid\":\"k\"}]}", "env.json"), "env.json"))
                .isInstanceOf(TrustFormatException.class).hasMessageContaining("signatures[0]").hasMessageContaining("'sig'");
    }

    @Test
    void duplicateJsonKeysAreRejected() {
        assertThatThrownBy(() -> dev.tightrope.trust.TrustJson.parse("{\"payload\":\"a\",\"payload\":\"b\"}", "dup.json"))
                .isInstanceOf(TrustFormatException.class).hasMessageContaining("dup.json:1:").hasMessageContaining("duplicate key 'payload'");
    }

    @Test
    void thresholdCountsDistinctKeysNotSignatures() {
        Signer a = Signer.generate(KeyAlgorithm.P256);
        Signer b = Signer.generate(KeyAlgorithm.P384);
        byte[] payload = "x".getBytes(StandardCharsets.UTF_8);
        byte[] pae = Pae.encode("t", payload);
        Envelope env = new Envelope("t", payload, List.of(
                new EnvelopeSignature("", a.sign(pae)), new EnvelopeSignature("", a.sign(pae)), new EnvelopeSignature("", b.sign(pae))));
        List<Dsse.VerifiedSignature> verified = Dsse.verify(env, List.of(a.verificationKey(), b.verificationKey()), false);
        assertThat(verified).hasSize(3);
        assertThat(Dsse.distinctKeys(verified)).containsExactlyInAnyOrder(a.verificationKey(), b.verificationKey());
    }

    @Test
    void pythonBytesReprMatchesCpython() {
        assertThat(Pae.pythonBytesRepr("a'b\n\\\u0001".getBytes(StandardCharsets.ISO_8859_1))).isEqualTo("b\"a'b\\n\\\\\\x01\"");
        assertThat(Pae.pythonBytesRepr("a'b\"".getBytes(StandardCharsets.ISO_8859_1))).isEqualTo("b'a\\'b\"'");
        assertThat(Pae.pythonBytesRepr(new byte[] {(byte) 0xff, 9, 13})).isEqualTo("b'\\xff\\t\\r'");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // drives openssl
    void opensslVerifiesEnvelopeSignaturesOverThePae() throws Exception {
        String openssl = ExternalTools.openssl();
        for (KeyAlgorithm alg : List.of(KeyAlgorithm.P256, KeyAlgorithm.P384)) {
            Signer signer = Signer.generate(alg);
            Envelope env = Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, "{\"_type\":\"x\"}".getBytes(StandardCharsets.UTF_8), signer, "");
            Path pub = Files.writeString(dir.resolve(alg.id() + ".pub.pem"), signer.verificationKey().pem());
            Path sig = Files.write(dir.resolve(alg.id() + ".sig.der"), env.signatures().get(0).sig());
            Path pae = Files.write(dir.resolve(alg.id() + ".pae.bin"), env.pae());
            String digest = alg == KeyAlgorithm.P256 ? "-sha256" : "-sha384";
            ExternalTools.Result ok = ExternalTools.run(List.of(openssl, "dgst", digest, "-verify", pub.toString(),
                    "-signature", sig.toString(), pae.toString()), dir);
            assertThat(ok.output()).contains("Verified OK");
            Files.write(pae, Pae.encode(Dsse.IN_TOTO_PAYLOAD_TYPE, "{\"_type\":\"y\"}".getBytes(StandardCharsets.UTF_8)));
            ExternalTools.Result bad = ExternalTools.run(List.of(openssl, "dgst", digest, "-verify", pub.toString(),
                    "-signature", sig.toString(), pae.toString()), dir);
            assertThat(bad.exitCode()).isNotZero();
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES) // drives python3
    void pythonCryptographyVerifiesEcdsaAndEd25519Envelopes() throws Exception {
        String python = ExternalTools.pythonWithCryptography();
        String script = "import sys, json, base64\n"
                + "from cryptography.hazmat.primitives import serialization, hashes\n"
                + "from cryptography.hazmat.primitives.asymmetric import ec, ed25519\n"
                + "env = json.load(open(sys.argv[1]))\n"
                + "key = serialization.load_pem_public_key(open(sys.argv[2], 'rb').read())\n"
                + "payload = base64.b64decode(env['payload'])\n"
                + "t = env['payloadType'].encode()\n"
                + "pae = b'DSSEv1 %d %s %d %s' % (len(t), t, len(payload), payload)\n"
                + "sig = base64.b64decode(env['signatures'][0]['sig'])\n"
                + "if isinstance(key, ed25519.Ed25519PublicKey):\n"
                + "    key.verify(sig, pae)\n"
                + "else:\n"
                + "    key.verify(sig, pae, ec.ECDSA(hashes.SHA256()))\n"
                + "print('verified')\n";
        Path py = Files.writeString(dir.resolve("verify.py"), script);
        for (KeyAlgorithm alg : List.of(KeyAlgorithm.P256, KeyAlgorithm.ED25519)) {
            Signer signer = Signer.generate(alg);
            Envelope env = Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, "{\"ok\":true}".getBytes(StandardCharsets.UTF_8), signer, "");
            Path envFile = Files.write(dir.resolve(alg.id() + ".json"), dev.tightrope.trust.TrustJson.compact(env.toJson()));
            Path pub = Files.writeString(dir.resolve(alg.id() + ".pub"), signer.verificationKey().pem());
            ExternalTools.Result r = ExternalTools.run(List.of(python, py.toString(), envFile.toString(), pub.toString()), dir);
            assertThat(r.output()).as(alg.id()).contains("verified");
        }
    }

    private static PrivateKey p256(BigInteger d) throws Exception {
        ECNamedCurveParameterSpec p = ECNamedCurveTable.getParameterSpec("secp256r1");
        ECNamedCurveSpec spec = new ECNamedCurveSpec("secp256r1", p.getCurve(), p.getG(), p.getN(), p.getH());
        return KeyFactory.getInstance("EC", BC).generatePrivate(new ECPrivateKeySpec(d, spec));
    }

    static byte[] rawRs(byte[] der, int size) {
        ASN1Sequence seq = ASN1Sequence.getInstance(der);
        byte[] out = new byte[2 * size];
        for (int i = 0; i < 2; i++) {
            byte[] v = ASN1Integer.getInstance(seq.getObjectAt(i)).getPositiveValue().toByteArray();
            int start = v.length > size ? v.length - size : 0;
            System.arraycopy(v, start, out, i * size + size - (v.length - start), v.length - start);
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
