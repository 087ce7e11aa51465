package dev.tightrope.domain;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Stable identity of an asset: {@code tr:<kind>:<source-type>:<native-id>}. The native id is
 * whatever the source uses (it may contain colons and slashes); kind and source type are tokens.
 */
public record Urn(AssetKind kind, String sourceType, String nativeId) implements Comparable<Urn> {

    private static final Pattern SOURCE_TYPE = Pattern.compile("[a-z][a-z0-9-]{0,39}");
    private static final int MAX_NATIVE_ID = 2048;

    public Urn {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sourceType, "sourceType");
        Objects.requireNonNull(nativeId, "nativeId");
        if (!SOURCE_TYPE.matcher(sourceType).matches()) {
            throw new IllegalArgumentException("source type must match " + SOURCE_TYPE + ": '" + sourceType + "'");
        }
        if (nativeId.isBlank()) {
            throw new IllegalArgumentException("native id must not be blank");
        }
        if (nativeId.length() > MAX_NATIVE_ID) {
            throw new IllegalArgumentException("native id longer than " + MAX_NATIVE_ID + " characters");
        }
        for (int i = 0; i < nativeId.length(); i++) {
            if (Character.isISOControl(nativeId.charAt(i))) {
                throw new IllegalArgumentException("native id contains a control character");
            }
        }
    }

    public static Urn of(AssetKind kind, String sourceType, String nativeId) {
        return new Urn(kind, sourceType, nativeId);
    }

    /** Parses {@code tr:<kind>:<source-type>:<native-id>}; the error says which part is wrong. */
    public static Urn parse(String text) {
        Objects.requireNonNull(text, "urn");
        String s = text.trim();
        if (!s.startsWith("tr:")) {
            throw new IllegalArgumentException("not a Tightrope URN (expected tr:<kind>:<source-type>:<id>): " + text);
        }
        int kindEnd = s.indexOf(':', 3);
        int typeEnd = kindEnd < 0 ? -1 : s.indexOf(':', kindEnd + 1);
        if (kindEnd < 0 || typeEnd < 0) {
            throw new IllegalArgumentException("URN needs four parts tr:<kind>:<source-type>:<id>: " + text);
        }
        AssetKind kind = AssetKind.fromToken(s.substring(3, kindEnd));
        return new Urn(kind, s.substring(kindEnd + 1, typeEnd), s.substring(typeEnd + 1));
    }

    @Override
    public String toString() {
        return "tr:" + kind.token() + ":" + sourceType + ":" + nativeId;
    }

    @Override
    public int compareTo(Urn other) {
        return toString().compareTo(other.toString());
    }
}
