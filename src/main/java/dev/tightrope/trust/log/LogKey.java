package dev.tightrope.trust.log;

import dev.tightrope.base.AtomicFiles;
import dev.tightrope.trust.TrustFormatException;
import dev.tightrope.trust.keys.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The Ed25519 key that signs audit log checkpoints. It signs without a person present (every
 * checkpoint), so it is kept unencrypted like an ssh host key: a PKCS#8 {@code PRIVATE KEY} PEM,
 * mode 0600, outside the cache. Its {@link #verifier()} string is published out of band.
 */
public final class LogKey {

    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");

    private final String name;
    private final Ed25519PrivateKeyParameters key;

    private LogKey(String name, Ed25519PrivateKeyParameters key) {
        NoteVerifier.checkName(name);
        this.name = name;
        this.key = key;
    }

    public static LogKey generate(String name) {
        return new LogKey(name, new Ed25519PrivateKeyParameters(new SecureRandom()));
    }

    public static LogKey fromSeed(String name, byte[] seed) {
        return new LogKey(name, new Ed25519PrivateKeyParameters(seed, 0));
    }

    public static LogKey fromPkcs8Pem(String name, String pem, String location) {
        byte[] der = Pem.decode(pem, "PRIVATE KEY", location);
        if (der.length != 48 || !Arrays.equals(Arrays.copyOf(der, 16), PKCS8_PREFIX)) {
            throw new TrustFormatException(location, "not an Ed25519 PKCS#8 private key");
        }
        return fromSeed(name, Arrays.copyOfRange(der, 16, 48));
    }

    /** Reads the key at {@code file}, or creates it (0600) when absent. */
    public static LogKey loadOrCreate(Path file, String name) {
        try {
            if (Files.exists(file)) {
                return fromPkcs8Pem(name, Files.readString(file, StandardCharsets.US_ASCII), file.toString());
            }
            LogKey key = generate(name);
            Path dir = file.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                // The keys directory is owner-only whichever key is made first, this one or a reviewer's.
                Files.createDirectories(dir);
                if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                }
            }
            AtomicFiles.createNew(file, key.toPkcs8Pem().getBytes(StandardCharsets.US_ASCII), AtomicFiles.OWNER_ONLY);
            return key;
        } catch (FileAlreadyExistsException raced) {
            // another process created the key in between: its key is the log's
            return loadOrCreate(file, name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the log key " + file + ": " + e.getMessage(), e);
        }
    }

    public String toPkcs8Pem() {
        byte[] der = Arrays.copyOf(PKCS8_PREFIX, 48);
        System.arraycopy(key.getEncoded(), 0, der, 16, 32);
        return Pem.encode("PRIVATE KEY", der);
    }

    public String name() {
        return name;
    }

    public NoteVerifier verifier() {
        return new NoteVerifier(name, key.generatePublicKey().getEncoded());
    }

    /** Signs {@code checkpoint} into a signed note. */
    public String sign(Checkpoint checkpoint) {
        byte[] text = checkpoint.body().getBytes(StandardCharsets.UTF_8);
        Ed25519Signer s = new Ed25519Signer();
        s.init(true, key);
        s.update(text, 0, text.length);
        byte[] sig = s.generateSignature();
        return new SignedNote(checkpoint.body(), List.of(new SignedNote.Line(name, verifier().keyId(), sig))).encode();
    }
}
