package dev.tightrope.trust.log;

import dev.tightrope.trust.Sha256;
import dev.tightrope.trust.TrustFormatException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The public half of a log key, as a C2SP verifier key string
 * {@code <name>+<8 hex key ID>+<base64(0x01 || Ed25519 public key)>}: what is published out of
 * band (CI configuration, a repository) so that anyone can check checkpoints.
 */
public final class NoteVerifier {

    static final byte ED25519 = 0x01;

    private final String name;
    private final byte[] publicKey;
    private final byte[] keyId;

    NoteVerifier(String name, byte[] publicKey) {
        checkName(name);
        if (publicKey.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes");
        }
        this.name = name;
        this.publicKey = publicKey.clone();
        this.keyId = keyId(name, publicKey);
    }

    static void checkName(String name) {
        if (name.isEmpty() || name.chars().anyMatch(c -> c <= ' ' || c == '+')) {
            throw new IllegalArgumentException("a note key name is non-empty, without spaces or '+': '" + name + "'");
        }
    }

    /** {@code SHA-256(name || 0x0A || 0x01 || key)[:4]}. */
    static byte[] keyId(String name, byte[] publicKey) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] input = new byte[n.length + 2 + publicKey.length];
        System.arraycopy(n, 0, input, 0, n.length);
        input[n.length] = '\n';
        input[n.length + 1] = ED25519;
        System.arraycopy(publicKey, 0, input, n.length + 2, publicKey.length);
        return Arrays.copyOf(Sha256.hash(input), 4);
    }

    public static NoteVerifier parse(String vkey) {
        String[] parts = vkey.strip().split("\\+", 3);
        if (parts.length != 3) {
            throw new TrustFormatException("verifier key", "expected <name>+<hex key id>+<base64 key>");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new TrustFormatException("verifier key", "the key is not base64");
        }
        if (blob.length != 33 || blob[0] != ED25519) {
            throw new TrustFormatException("verifier key", "only Ed25519 verifier keys (type 0x01) are supported");
        }
        NoteVerifier v;
        try {
            v = new NoteVerifier(parts[0], Arrays.copyOfRange(blob, 1, 33));
        } catch (IllegalArgumentException e) {
            throw new TrustFormatException("verifier key", e.getMessage());
        }
        if (!HexFormat.of().formatHex(v.keyId).equals(parts[1].toLowerCase(Locale.ROOT))) {
            throw new TrustFormatException("verifier key", "key ID " + parts[1] + " does not match the name and key");
        }
        return v;
    }

    public String name() {
        return name;
    }

    public byte[] keyId() {
        return keyId.clone();
    }

    /** The verifier key string to publish. */
    @Override
    public String toString() {
        byte[] blob = new byte[33];
        blob[0] = ED25519;
        System.arraycopy(publicKey, 0, blob, 1, 32);
        return name + "+" + HexFormat.of().formatHex(keyId) + "+" + Base64.getEncoder().encodeToString(blob);
    }

    /** Whether {@code note} carries a valid signature by this key. */
    public boolean verifies(SignedNote note) {
        byte[] text = note.text().getBytes(StandardCharsets.UTF_8);
        for (SignedNote.Line line : note.signatures()) {
            if (line.keyName().equals(name) && Arrays.equals(line.keyId(), keyId) && line.signature().length == 64) {
                Ed25519Signer s = new Ed25519Signer();
                s.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
                s.update(text, 0, text.length);
                if (s.verifySignature(line.signature())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Parses and checks a signed checkpoint; a missing or bad signature is a {@link TrustFormatException}. */
    public Checkpoint verifyCheckpoint(String signedNote, String location) {
        SignedNote note = SignedNote.parse(signedNote, location);
        if (!verifies(note)) {
            throw new TrustFormatException(location, "the checkpoint is not signed by log key " + name);
        }
        return Checkpoint.parse(note.text(), location);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoteVerifier v && name.equals(v.name) && Arrays.equals(publicKey, v.publicKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(publicKey));
    }
}
