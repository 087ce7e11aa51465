package dev.tightrope.trust.keys;

import java.util.Locale;

/**
 * Reviewer key algorithms. ECDSA keys sign DER signatures with the hash that matches the curve
 * (what OpenSSF model signing, cosign and openssl expect); Ed25519 signs the message itself and
 * is only for Tightrope-to-Tightrope verification (model_signing does not accept it).
 */
public enum KeyAlgorithm {
    P256("p256", "secp256r1", "SHA256withECDSA", "PKIX_ECDSA_P256_SHA_256"),
    P384("p384", "secp384r1", "SHA384withECDSA", "PKIX_ECDSA_P384_SHA_384"),
    P521("p521", "secp521r1", "SHA512withECDSA", "PKIX_ECDSA_P521_SHA_512"),
    ED25519("ed25519", null, "Ed25519", "PKIX_ED25519");

    private final String id;
    private final String curve;
    private final String signatureAlgorithm;
    private final String sigstoreKeyDetails;

    KeyAlgorithm(String id, String curve, String signatureAlgorithm, String sigstoreKeyDetails) {
        this.id = id;
        this.curve = curve;
        this.signatureAlgorithm = signatureAlgorithm;
        this.sigstoreKeyDetails = sigstoreKeyDetails;
    }

    /** The short name used on the command line and in files: {@code p256}, {@code p384}, {@code p521}, {@code ed25519}. */
    public String id() {
        return id;
    }

    public boolean isEcdsa() {
        return curve != null;
    }

    /** The standard curve name for ECDSA keys; null for Ed25519. */
    public String curve() {
        return curve;
    }

    /** The JCA signature algorithm producing DER ECDSA or raw Ed25519 signatures. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** The Sigstore {@code PublicKeyDetails} name older bundles carry in {@code keyDetails}. */
    public String sigstoreKeyDetails() {
        return sigstoreKeyDetails;
    }

    /** Accepts {@code p256}, {@code P-256}, {@code ecdsa-p256}, {@code secp256r1}, {@code ed25519} in any case. */
    public static KeyAlgorithm parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        for (KeyAlgorithm a : values()) {
            String curveName = a.curve == null ? a.id : a.curve;
            if (s.equals(a.id) || s.equals("ecdsa" + a.id) || s.equals(curveName)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown key algorithm '" + text + "' (use p256, p384, p521 or ed25519)");
    }

    /** Generation is offered for the algorithms the issue names; P-521 is accepted for verification. */
    public boolean canGenerate() {
        return this != P521;
    }
}
