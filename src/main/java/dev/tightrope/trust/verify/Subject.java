package dev.tightrope.trust.verify;

import dev.tightrope.domain.Digest;
import dev.tightrope.trust.Sha256;
import dev.tightrope.trust.TrustFormatException;
import dev.tightrope.trust.oms.ModelHasher;
import dev.tightrope.trust.oms.ModelHashingException;
import dev.tightrope.trust.oms.OmsSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The artifact a verification is about, by its sha256 digest: given as a digest, a file (its
 * SHA-256) or a model directory (its OpenSSF model signing v1.0 root digest).
 */
public record Subject(Digest digest, String description) {

    private static final Pattern DIGEST = Pattern.compile("(sha256:)?[0-9a-fA-F]{64}");

    public Subject {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(description, "description");
        if (!digest.algorithm().equals("sha256")) {
            throw new IllegalArgumentException("subjects are matched by sha256");
        }
    }

    /** {@code sha256:<hex>} or bare hex, else a path to a file or a model directory. */
    public static Subject resolve(String spec, ModelHasher hasher) {
        if (DIGEST.matcher(spec).matches()) {
            Digest d = Digest.parse(spec);
            return new Subject(d, d.toString());
        }
        Path path = Path.of(spec);
        if (Files.isRegularFile(path)) {
            return new Subject(fileDigest(path), "file " + path + " (sha256 of its content)");
        }
        if (Files.isDirectory(path)) {
            try {
                return new Subject(hasher.hash(path, OmsSerialization.files()).rootDigest(),
                        "model directory " + path + " (OpenSSF model signing v1.0 root digest)");
            } catch (ModelHashingException e) {
                throw new TrustFormatException(spec, e.getMessage(), e);
            }
        }
        throw new TrustFormatException(spec, "neither a sha256 digest nor an existing file or directory");
    }

    static Digest fileDigest(Path file) {
        MessageDigest md = Sha256.newDigest();
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new TrustFormatException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
        return Digest.sha256(md.digest());
    }
}
