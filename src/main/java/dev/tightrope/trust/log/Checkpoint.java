package dev.tightrope.trust.log;

import dev.tightrope.trust.TrustFormatException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A C2SP tlog-checkpoint body: {@code <origin>\n<size>\n<base64 root>\n} and optional extension
 * lines. Signed inside a {@link SignedNote}.
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {

    public Checkpoint {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(rootHash, "rootHash");
        if (origin.isEmpty() || origin.contains("\n")) {
            throw new IllegalArgumentException("a checkpoint origin is one non-empty line");
        }
        if (size < 0 || rootHash.length != Merkle.HASH_SIZE) {
            throw new IllegalArgumentException("a checkpoint needs a size >= 0 and a 32-byte root");
        }
        rootHash = rootHash.clone();
        extensions = List.copyOf(extensions == null ? List.of() : extensions);
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /** The note text that is signed, ending in a newline. */
    public String body() {
        StringBuilder sb = new StringBuilder().append(origin).append('\n').append(size).append('\n')
                .append(Base64.getEncoder().encodeToString(rootHash)).append('\n');
        extensions.forEach(e -> sb.append(e).append('\n'));
        return sb.toString();
    }

    public static Checkpoint parse(String body, String location) {
        if (!body.endsWith("\n")) {
            throw new TrustFormatException(location, "a checkpoint body ends with a newline");
        }
        String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw new TrustFormatException(location, "a checkpoint has an origin, a size and a root hash line");
        }
        long size;
        try {
            if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
                throw new NumberFormatException();
            }
            size = Long.parseLong(lines[1]);
        } catch (NumberFormatException e) {
            throw new TrustFormatException(location, "checkpoint size '" + lines[1] + "' is not a decimal number");
        }
        byte[] root;
        try {
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new TrustFormatException(location, "checkpoint root hash is not base64");
        }
        if (root.length != Merkle.HASH_SIZE) {
            throw new TrustFormatException(location, "checkpoint root hash has " + root.length + " bytes, expected 32");
        }
        return new Checkpoint(lines[0], size, root, Arrays.asList(lines).subList(3, lines.length));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && origin.equals(c.origin) && size == c.size && Arrays.equals(rootHash, c.rootHash)
                && extensions.equals(c.extensions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(origin, size, Arrays.hashCode(rootHash), extensions);
    }
}
