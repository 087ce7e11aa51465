package dev.tightrope.domain;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** A content digest such as {@code sha256:e3b0…}: the join key between sources, scans and approvals. */
public record Digest(String algorithm, String hex) {

    private static final Pattern ALGORITHM = Pattern.compile("[a-z0-9]{2,16}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{16,128}");

    public Digest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        algorithm = algorithm.toLowerCase(Locale.ROOT);
        hex = hex.toLowerCase(Locale.ROOT);
        if (!ALGORITHM.matcher(algorithm).matches()) {
            throw new IllegalArgumentException("bad digest algorithm '" + algorithm + "'");
        }
        if (!HEX.matcher(hex).matches() || hex.length() % 2 != 0) {
            throw new IllegalArgumentException("digest value is not lower-case hex: '" + hex + "'");
        }
        if (algorithm.equals("sha256") && hex.length() != 64) {
            throw new IllegalArgumentException("a sha256 digest has 64 hex digits, got " + hex.length());
        }
    }

    public static Digest sha256(byte[] digest) {
        return new Digest("sha256", HexFormat.of().formatHex(digest));
    }

    public static Digest sha256(String hex) {
        return new Digest("sha256", hex);
    }

    /** Parses {@code alg:hex}; a bare 64-digit hex string is taken as sha256. */
    public static Digest parse(String text) {
        String s = text.trim();
        int colon = s.indexOf(':');
        if (colon < 0) {
            return new Digest("sha256", s);
        }
        return new Digest(s.substring(0, colon), s.substring(colon + 1));
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
