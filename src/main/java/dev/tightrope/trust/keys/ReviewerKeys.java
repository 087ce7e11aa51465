package dev.tightrope.trust.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.base.AtomicFiles;
import dev.tightrope.domain.Problem;
import dev.tightrope.trust.TrustFormatException;
import dev.tightrope.trust.TrustJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory of reviewer keys. For a key named {@code ana}:
 * <pre>
 *   ana.key.pem    encrypted PKCS#8 (PBES2: PBKDF2-HMAC-SHA256, 600,000 iterations, AES-256-CBC), mode 0600
 *   ana.pub.pem    SubjectPublicKeyInfo PEM, the part to share
 *   ana.meta.json  {"algorithm":"p256","created":"…","fingerprint":"SHA256:…","hint":"…","name":"ana","version":1}
 * </pre>
 * The directory is created 0700. Passphrases are {@code char[]}s that are wiped once used, on
 * every path. A wrong passphrase, or an unacceptable new one, writes nothing.
 */
public final class ReviewerKeys {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final int MIN_PASSPHRASE_LENGTH = 8;
    private static final String PRIVATE_SUFFIX = ".key.pem";
    private static final String PUBLIC_SUFFIX = ".pub.pem";
    private static final String META_SUFFIX = ".meta.json";
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private final Path dir;
    private final int iterations;
    private final Clock clock;

    public ReviewerKeys(Path dir) {
        this(dir, PrivateKeyPem.ITERATIONS, Clock.systemUTC());
    }

    /** Tests use fewer KDF iterations so that a suite of key operations stays fast. */
    ReviewerKeys(Path dir, int iterations, Clock clock) {
        this.dir = dir;
        this.iterations = iterations;
        this.clock = clock;
    }

    /** Generates and stores a new key; refuses an existing name. */
    public KeyInfo generate(String name, KeyAlgorithm algorithm, char[] passphrase) {
        try {
            checkName(name);
            if (!algorithm.canGenerate()) {
                throw new KeyException(algorithm.id() + " keys can be imported and verified but not generated here");
            }
            checkNewPassphrase(name, passphrase);
            refuseExisting(name);
            KeyPairSigner signer = KeyPairSigner.generate(algorithm);
            return store(name, signer, passphrase);
        } finally {
            wipe(passphrase);
        }
    }

    /**
     * Imports a private key PEM (encrypted PKCS#8, plain PKCS#8 or SEC1 {@code EC PRIVATE KEY})
     * and stores it re-encrypted under {@code newPassphrase}. {@code currentPassphrase} may be
     * null for an unencrypted key.
     */
    public KeyInfo importPrivateKey(String name, String pem, char[] currentPassphrase, char[] newPassphrase) {
        try {
            checkName(name);
            checkNewPassphrase(name, newPassphrase);
            refuseExisting(name);
            KeyPairSigner signer = PrivateKeyPem.read(pem, currentPassphrase, name);
            return store(name, signer, newPassphrase);
        } finally {
            wipe(currentPassphrase);
            wipe(newPassphrase);
        }
    }

    /** Decrypts a key for signing. */
    public Signer load(String name, char[] passphrase) {
        try {
            checkName(name);
            Path file = privateFile(name);
            if (!Files.isRegularFile(file)) {
                throw new KeyException("no key named '" + name + "' in " + dir);
            }
            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            KeyPairSigner signer = PrivateKeyPem.read(pem, passphrase, name);
            VerificationKey stored = readPublic(name);
            if (!stored.equals(signer.verificationKey())) {
                throw new KeyException("key '" + name + "': " + publicFile(name).getFileName()
                        + " does not match the private key; the key directory was modified");
            }
            return signer;
        } catch (IOException e) {
            throw new KeyException("cannot read key '" + name + "': " + e.getMessage(), e);
        } finally {
            wipe(passphrase);
        }
    }

    /** The public key PEM to share or add to a trust store. */
    public String publicKeyPem(String name) {
        checkName(name);
        return readPublic(name).pem();
    }

    public KeyInfo info(String name) {
        checkName(name);
        VerificationKey key = readPublic(name);
        Path meta = metaFile(name);
        Instant created;
        try {
            JsonNode node = TrustJson.parse(TrustJson.readFile(meta), meta.toString());
            created = Instant.parse(TrustJson.text(node, "created", meta.toString()));
        } catch (IOException e) {
            throw new KeyException("cannot read " + meta + ": " + e.getMessage(), e);
        } catch (DateTimeParseException e) {
            throw new TrustFormatException(meta.toString(), "'created' is not an ISO-8601 instant");
        }
        return new KeyInfo(name, key.algorithm(), created, key.fingerprint(), key.hint(), privateFile(name), publicFile(name));
    }

    /** Every key in the directory, by name; a broken entry is reported as a problem, not skipped. */
    public Listing list() {
        List<KeyInfo> keys = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return new Listing(keys, problems);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(PRIVATE_SUFFIX))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new KeyException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        for (Path file : files) {
            String fileName = file.getFileName().toString();
            String name = fileName.substring(0, fileName.length() - PRIVATE_SUFFIX.length());
            try {
                keys.add(info(name));
            } catch (RuntimeException e) {
                problems.add(new Problem(file.toString(), e.getMessage()));
            }
        }
        return new Listing(List.copyOf(keys), List.copyOf(problems));
    }

    /** The keys that could be read, and what was wrong with the others. */
    public record Listing(List<KeyInfo> keys, List<Problem> problems) {
    }

    private KeyInfo store(String name, KeyPairSigner signer, char[] passphrase) {
        VerificationKey pub = signer.verificationKey();
        String encrypted = PrivateKeyPem.encrypt(signer.privateKey(), passphrase, iterations);
        Instant created = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        ObjectNode meta = TrustJson.object();
        meta.put("version", 1);
        meta.put("name", name);
        meta.put("algorithm", pub.algorithm().id());
        meta.put("created", created.toString());
        meta.put("fingerprint", pub.fingerprint());
        meta.put("hint", pub.hint());
        try {
            createDirectory();
            writeNew(privateFile(name), encrypted.getBytes(StandardCharsets.US_ASCII), true);
            writeNew(publicFile(name), pub.pem().getBytes(StandardCharsets.US_ASCII), false);
            writeNew(metaFile(name), TrustJson.prettySorted(meta), false);
        } catch (IOException e) {
            deleteQuietly(privateFile(name));
            deleteQuietly(publicFile(name));
            deleteQuietly(metaFile(name));
            throw new KeyException("cannot write key '" + name + "' to " + dir + ": " + e.getMessage(), e);
        }
        return new KeyInfo(name, pub.algorithm(), created, pub.fingerprint(), pub.hint(), privateFile(name), publicFile(name));
    }

    private void createDirectory() throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(dir);
        if (isPosix()) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }

    /** Writes a key file that must not exist yet: secrets 0600 from their first byte, public parts 0644. */
    private static void writeNew(Path target, byte[] content, boolean secret) throws IOException {
        AtomicFiles.createNew(target, content, secret ? AtomicFiles.OWNER_ONLY : PUBLIC);
    }

    private VerificationKey readPublic(String name) {
        Path file = publicFile(name);
        if (!Files.isRegularFile(file)) {
            throw new KeyException("no key named '" + name + "' in " + dir);
        }
        try {
            return VerificationKey.fromPem(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
        } catch (IOException e) {
            throw new KeyException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void refuseExisting(String name) {
        if (Files.exists(privateFile(name)) || Files.exists(publicFile(name))) {
            throw new KeyException("a key named '" + name + "' already exists in " + dir);
        }
    }

    private static void checkName(String name) {
        String problem = nameProblem(name);
        if (problem != null) {
            throw new KeyException(problem);
        }
    }

    /** What is wrong with a key name, or null. */
    public static String nameProblem(String name) {
        return name != null && NAME.matcher(name).matches() ? null : "key name '" + name + "' is not allowed: use letters, digits, "
                + "'.', '_' or '-', starting with a letter or digit, at most 64 characters";
    }

    private static void checkNewPassphrase(String name, char[] passphrase) {
        if (passphrase == null || passphrase.length < MIN_PASSPHRASE_LENGTH) {
            throw new BadPassphraseException("the passphrase for key '" + name + "' must have at least "
                    + MIN_PASSPHRASE_LENGTH + " characters");
        }
    }

    private Path privateFile(String name) {
        return dir.resolve(name + PRIVATE_SUFFIX);
    }

    private Path publicFile(String name) {
        return dir.resolve(name + PUBLIC_SUFFIX);
    }

    private Path metaFile(String name) {
        return dir.resolve(name + META_SUFFIX);
    }

    private static boolean isPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the original failure is what the user needs to see
        }
    }

    static void wipe(char[] secret) {
        if (secret != null) {
            Arrays.fill(secret, '\0');
        }
    }
}
