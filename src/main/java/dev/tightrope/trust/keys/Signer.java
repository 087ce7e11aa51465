package dev.tightrope.trust.keys;

/**
 * Something that signs with a reviewer's private key. ECDSA signers return DER signatures over
 * the curve's hash of the message; Ed25519 signers return the raw 64-byte signature.
 */
public interface Signer {

    VerificationKey verificationKey();

    byte[] sign(byte[] message);

    /** A fresh in-memory key pair (tests, ephemeral use); reviewer keys live in {@link ReviewerKeys}. */
    static Signer generate(KeyAlgorithm algorithm) {
        return KeyPairSigner.generate(algorithm);
    }
}
