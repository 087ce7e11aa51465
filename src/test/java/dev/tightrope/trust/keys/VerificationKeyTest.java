package dev.tightrope.trust.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.trust.TrustFormatException;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.Test;

class VerificationKeyTest {

    @Test
    void compressedPointIsTheSameKeyWithTheSameHintAndFingerprint() throws Exception {
        VerificationKey key = Signer.generate(KeyAlgorithm.P256).verificationKey();
        ECPublicKey ec = (ECPublicKey) key.publicKey();
        ECPoint q = ECNamedCurveTable.getParameterSpec("secp256r1").getCurve()
                .createPoint(ec.getW().getAffineX(), ec.getW().getAffineY());
        SubjectPublicKeyInfo uncompressed = SubjectPublicKeyInfo.getInstance(key.spki());
        AlgorithmIdentifier alg = uncompressed.getAlgorithm();
        byte[] compressed = new SubjectPublicKeyInfo(alg, q.getEncoded(true)).getEncoded();
        VerificationKey read = VerificationKey.fromSpki(compressed, "compressed");
        assertThat(read).isEqualTo(key);
        assertThat(read.hint()).isEqualTo(key.hint());
        assertThat(read.fingerprint()).isEqualTo(key.fingerprint());
    }

    @Test
    void pemWithTextAroundItAndCrlfLineEndsIsNormalised() {
        VerificationKey key = Signer.generate(KeyAlgorithm.P384).verificationKey();
        String messy = "Public key of the release signer\r\n" + key.pem().replace("\n", "\r\n");
        VerificationKey read = VerificationKey.fromPem(messy, "messy.pem");
        assertThat(read.pem()).isEqualTo(key.pem()).doesNotContain("\r");
        assertThat(read.hint()).isEqualTo(key.hint());
    }

    @Test
    void notAKeyIsAFormatErrorWithLocation() {
        assertThatThrownBy(() -> VerificationKey.fromPem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "bad.pem"))
                .isInstanceOf(TrustFormatException.class).hasMessageStartingWith("bad.pem: not a supported public key");
        assertThatThrownBy(() -> VerificationKey.fromPem("hello", "none.pem")).hasMessageContaining("no 'PUBLIC KEY' PEM block");
    }
}
