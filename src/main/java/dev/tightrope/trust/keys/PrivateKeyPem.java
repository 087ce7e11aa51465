package dev.tightrope.trust.keys;

import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jcajce.interfaces.EdDSAPrivateKey;
import org.bouncycastle.jce.spec.ECNamedCurveSpec;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Private key PEM: reading encrypted PKCS#8, plain PKCS#8 and SEC1 {@code EC PRIVATE KEY}
 * (also the legacy OpenSSL-encrypted form), and writing encrypted PKCS#8 with PBES2
 * (PBKDF2-HMAC-SHA256, AES-256-CBC), which openssl and Python {@code cryptography} read.
 */
final class PrivateKeyPem {

    static final int ITERATIONS = 600_000;

    private PrivateKeyPem() {
    }

    static String encrypt(PrivateKey key, char[] passphrase, int iterations) {
        try {
            OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setPRF(PKCS8Generator.PRF_HMACSHA256)
                    .setIterationCount(iterations)
                    .setProvider(Crypto.BC)
                    .setPassword(passphrase)
                    .build();
            byte[] der = new PKCS8Generator(portable(key), encryptor).generate().getContent();
            return Pem.encode("ENCRYPTED PRIVATE KEY", der);
        } catch (OperatorCreationException | IOException e) {
            throw new KeyException("cannot encrypt the private key: " + e.getMessage(), e);
        }
    }

    /**
     * PKCS#8 v1 without the optional public key for Ed25519: Bouncy Castle writes the v2
     * (OneAsymmetricKey) form, which OpenSSL 3.0 and Python {@code cryptography} reject.
     */
    static PrivateKeyInfo portable(PrivateKey key) throws IOException {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
        if (info.getPrivateKeyAlgorithm().getAlgorithm().equals(EdECObjectIdentifiers.id_Ed25519)) {
            return new PrivateKeyInfo(info.getPrivateKeyAlgorithm(), info.parsePrivateKey());
        }
        return info;
    }

    /**
     * Reads a private key. {@code passphrase} may be null for unencrypted keys; a wrong or
     * missing passphrase for an encrypted key is a {@link BadPassphraseException}.
     */
    static KeyPairSigner read(String pemText, char[] passphrase, String keyName) {
        Object parsed;
        try (PEMParser parser = new PEMParser(new StringReader(pemText))) {
            parsed = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new KeyException("key '" + keyName + "' is not a readable PEM private key: " + e.getMessage(), e);
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(Crypto.BC);
        try {
            PrivateKey privateKey;
            if (parsed instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                if (passphrase == null || passphrase.length == 0) {
                    throw new BadPassphraseException("key '" + keyName + "' is encrypted: a passphrase is needed");
                }
                PrivateKeyInfo info;
                try {
                    info = encrypted.decryptPrivateKeyInfo(
                            new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Crypto.BC).build(passphrase));
                    privateKey = converter.getPrivateKey(info);
                } catch (Exception e) {
                    throw new BadPassphraseException("wrong passphrase for key '" + keyName + "'");
                }
            } else if (parsed instanceof PrivateKeyInfo info) {
                privateKey = converter.getPrivateKey(info);
            } else if (parsed instanceof PEMKeyPair pair) {
                privateKey = converter.getKeyPair(pair).getPrivate();
            } else if (parsed instanceof PEMEncryptedKeyPair encryptedPair) {
                if (passphrase == null || passphrase.length == 0) {
                    throw new BadPassphraseException("key '" + keyName + "' is encrypted: a passphrase is needed");
                }
                try {
                    privateKey = converter.getKeyPair(encryptedPair.decryptKeyPair(
                            new JcePEMDecryptorProviderBuilder().setProvider(Crypto.BC).build(passphrase))).getPrivate();
                } catch (Exception e) {
                    throw new BadPassphraseException("wrong passphrase for key '" + keyName + "'");
                }
            } else {
                throw new KeyException("key '" + keyName + "': expected a PRIVATE KEY, ENCRYPTED PRIVATE KEY or EC PRIVATE KEY PEM block"
                        + (parsed == null ? ", found none" : ", found " + parsed.getClass().getSimpleName()));
            }
            return new KeyPairSigner(privateKey, VerificationKey.of(publicOf(privateKey)));
        } catch (IOException e) {
            throw new KeyException("key '" + keyName + "' cannot be decoded: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new KeyException("key '" + keyName + "': " + e.getMessage(), e);
        }
    }

    /** Derives the public half, so imports need only the private key. */
    static PublicKey publicOf(PrivateKey key) {
        try {
            if (key instanceof EdDSAPrivateKey ed) {
                return ed.getPublicKey();
            }
            if (key instanceof ECPrivateKey ec && ec.getParams() instanceof ECNamedCurveSpec spec) {
                org.bouncycastle.math.ec.ECPoint q = new FixedPointCombMultiplier()
                        .multiply(org.bouncycastle.jce.ECNamedCurveTable.getParameterSpec(spec.getName()).getG(), ec.getS())
                        .normalize();
                ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
                return KeyFactory.getInstance("EC", Crypto.BC).generatePublic(new ECPublicKeySpec(w, ec.getParams()));
            }
            if (key instanceof ECPrivateKey ec) {
                throw new IllegalArgumentException("EC key on an unnamed curve of " + ec.getParams().getCurve().getField().getFieldSize() + " bits");
            }
        } catch (GeneralSecurityException e) {
            throw new KeyException("cannot derive the public key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("unsupported private key type " + key.getAlgorithm()
                + " (use ECDSA P-256/P-384/P-521 or Ed25519)");
    }
}
