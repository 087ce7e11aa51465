package dev.tightrope.trust.keys;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;

/** A signer over a JCA private key held in memory. */
public final class KeyPairSigner implements Signer {

    private final PrivateKey privateKey;
    private final VerificationKey verificationKey;

    public KeyPairSigner(PrivateKey privateKey, VerificationKey verificationKey) {
        this.privateKey = privateKey;
        this.verificationKey = verificationKey;
    }

    static KeyPairSigner generate(KeyAlgorithm algorithm) {
        KeyPair pair = generatePair(algorithm);
        return new KeyPairSigner(pair.getPrivate(), VerificationKey.of(pair.getPublic()));
    }

    static KeyPair generatePair(KeyAlgorithm algorithm) {
        try {
            if (algorithm.isEcdsa()) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC", Crypto.BC);
                g.initialize(new ECGenParameterSpec(algorithm.curve()), new SecureRandom());
                return g.generateKeyPair();
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519", Crypto.BC);
            g.initialize(255, new SecureRandom());
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + algorithm.id() + " key: " + e.getMessage(), e);
        }
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    @Override
    public VerificationKey verificationKey() {
        return verificationKey;
    }

    @Override
    public byte[] sign(byte[] message) {
        try {
            Signature s = Signature.getInstance(verificationKey.algorithm().signatureAlgorithm(), Crypto.BC);
            s.initSign(privateKey, new SecureRandom());
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "signer " + verificationKey;
    }
}
