package dev.tightrope.trust.keys;

import dev.tightrope.trust.Sha256;
import dev.tightrope.trust.TrustFormatException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A public key with the identities Tightrope shows and matches on:
 * <ul>
 *   <li>{@link #fingerprint()}: {@code SHA256:} + unpadded base64 of SHA-256 over the DER
 *       SubjectPublicKeyInfo, as ssh prints key fingerprints; what people compare;</li>
 *   <li>{@link #hint()}: lowercase hex SHA-256 of the normalised SPKI PEM text, the OpenSSF
 *       model signing key hint written into Sigstore bundles.</li>
 * </ul>
 * Keys are normalised on the way in (uncompressed EC points, named curves), so a compressed
 * point and its uncompressed form are the same key with the same identities.
 */
public final class VerificationKey {

    private final KeyAlgorithm algorithm;
    private final PublicKey publicKey;
    private final byte[] spki;
    private final String pem;

    private VerificationKey(KeyAlgorithm algorithm, PublicKey publicKey, byte[] spki) {
        this.algorithm = algorithm;
        this.publicKey = publicKey;
        this.spki = spki;
        this.pem = Pem.encode("PUBLIC KEY", spki);
    }

    /** Reads the first {@code PUBLIC KEY} PEM block of {@code text}. */
    public static VerificationKey fromPem(String text, String location) {
        return fromSpki(Pem.decode(text, "PUBLIC KEY", location), location);
    }

    public static VerificationKey fromSpki(byte[] der, String location) {
        try {
            SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(der);
            PublicKey key = new JcaPEMKeyConverter().setProvider(Crypto.BC).getPublicKey(info);
            return of(key);
        } catch (Exception e) {
            throw new TrustFormatException(location, "not a supported public key (ECDSA P-256/P-384/P-521 or Ed25519): "
                    + e.getMessage(), e);
        }
    }

    /** Normalises a JCA key: re-encoded through the provider so the SPKI is canonical. */
    public static VerificationKey of(PublicKey key) {
        KeyAlgorithm algorithm = algorithmOf(key);
        try {
            String factory = algorithm.isEcdsa() ? "EC" : "Ed25519";
            PublicKey canonical = KeyFactory.getInstance(factory, Crypto.BC)
                    .generatePublic(new X509EncodedKeySpec(key.getEncoded()));
            return new VerificationKey(algorithm, canonical, canonical.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot encode the public key: " + e.getMessage(), e);
        }
    }

    static KeyAlgorithm algorithmOf(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return switch (bits) {
                case 256 -> KeyAlgorithm.P256;
                case 384 -> KeyAlgorithm.P384;
                case 521 -> KeyAlgorithm.P521;
                default -> throw new IllegalArgumentException("unsupported EC curve of " + bits + " bits");
            };
        }
        String alg = key.getAlgorithm();
        if (alg.equalsIgnoreCase("Ed25519") || alg.equalsIgnoreCase("EdDSA")) {
            if (key.getEncoded().length == 44) {
                return KeyAlgorithm.ED25519;
            }
        }
        throw new IllegalArgumentException("unsupported key type " + alg + " (use ECDSA P-256/P-384/P-521 or Ed25519)");
    }

    public KeyAlgorithm algorithm() {
        return algorithm;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** DER SubjectPublicKeyInfo. */
    public byte[] spki() {
        return spki.clone();
    }

    /** The normalised {@code PUBLIC KEY} PEM text ({@code \n} line ends, final newline). */
    public String pem() {
        return pem;
    }

    /** {@code SHA256:<unpadded base64>} of the DER SPKI. */
    public String fingerprint() {
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(Sha256.hash(spki));
    }

    /** The OpenSSF model signing key hint: hex SHA-256 of {@link #pem()}. */
    public String hint() {
        return Sha256.hex(Pem.utf8(pem));
    }

    /** Checks a DER ECDSA or raw Ed25519 signature over {@code data}; false for any malformed signature. */
    public boolean verify(byte[] data, byte[] signature) {
        return verify(data, signature, algorithm.signatureAlgorithm());
    }

    /** As {@link #verify(byte[], byte[])} with an explicit JCA algorithm (legacy signers hashed P-384 with SHA-256). */
    public boolean verify(byte[] data, byte[] signature, String jcaAlgorithm) {
        try {
            Signature s = Signature.getInstance(jcaAlgorithm, Crypto.BC);
            s.initVerify(publicKey);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerificationKey other && Arrays.equals(spki, other.spki);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(spki);
    }

    @Override
    public String toString() {
        return algorithm.id() + " " + fingerprint();
    }
}
