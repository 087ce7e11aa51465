package dev.tightrope.domain;

import java.util.Comparator;

/**
 * The order of resources in a {@link ModelManifest}, as OpenSSF model signing's reference
 * implementation sorts them: by path components compared as code points ({@code a/x} before
 * {@code a.json}), then by integer shard offsets for {@code "<path>:<start>:<end>"} names. The
 * root digest depends on the order, so everything that builds a manifest (scanner, signer) uses
 * this one.
 */
public final class ManifestOrder {

    /** Orders resource names. */
    public static final Comparator<String> NAMES = ManifestOrder::compare;

    private ManifestOrder() {
    }

    static int compare(String a, String b) {
        String[] pa = splitShard(a);
        String[] pb = splitShard(b);
        int c = comparePaths(pa[0], pb[0]);
        if (c != 0) {
            return c;
        }
        if (pa[1] == null || pb[1] == null) {
            return pa[1] == null ? (pb[1] == null ? 0 : -1) : 1;
        }
        c = Long.compare(Long.parseLong(pa[1]), Long.parseLong(pb[1]));
        return c != 0 ? c : Long.compare(Long.parseLong(pa[2]), Long.parseLong(pb[2]));
    }

    /** {@code "<path>:<start>:<end>"} split at the last two colons; plain names have null offsets. */
    public static String[] splitShard(String name) {
        int last = name.lastIndexOf(':');
        int prev = last > 0 ? name.lastIndexOf(':', last - 1) : -1;
        if (prev > 0 && isDigits(name.substring(prev + 1, last)) && isDigits(name.substring(last + 1))) {
            return new String[] {name.substring(0, prev), name.substring(prev + 1, last), name.substring(last + 1)};
        }
        return new String[] {name, null, null};
    }

    private static boolean isDigits(String s) {
        return !s.isEmpty() && s.length() < 19 && s.chars().allMatch(ch -> ch >= '0' && ch <= '9');
    }

    private static int comparePaths(String a, String b) {
        String[] ca = a.split("/", -1);
        String[] cb = b.split("/", -1);
        for (int i = 0; i < Math.min(ca.length, cb.length); i++) {
            int c = compareCodePoints(ca[i], cb[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(ca.length, cb.length);
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
