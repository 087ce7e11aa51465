package dev.tightrope.trust.log;

import dev.tightrope.domain.port.AuditLogStorage.NodeRef;
import dev.tightrope.trust.Sha256;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 9162 Merkle tree hashing, proof shapes and proof verification. Proof generation is
 * expressed over complete subtrees ({@link NodeRef}s), which the log stores, so a proof needs
 * O(log n) hash lookups and no recomputation over leaves.
 */
public final class Merkle {

    public static final int HASH_SIZE = 32;

    private Merkle() {
    }

    /** {@code SHA-256("")}: the root of the empty tree. */
    public static byte[] emptyRoot() {
        return Sha256.hash(new byte[0]);
    }

    /** {@code SHA-256(0x00 || data)}. */
    public static byte[] leafHash(byte[] data) {
        MessageDigest md = Sha256.newDigest();
        md.update((byte) 0);
        md.update(data);
        return md.digest();
    }

    /** {@code SHA-256(0x01 || left || right)}. */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest md = Sha256.newDigest();
        md.update((byte) 1);
        md.update(left);
        md.update(right);
        return md.digest();
    }

    /** The largest power of two strictly less than {@code n} (n >= 2). */
    static long split(long n) {
        return Long.highestOneBit(n - 1);
    }

    /**
     * The complete subtrees making up leaves {@code [start, end)}, largest first. For the ranges
     * RFC 9162 proofs use, the range's hash is these folded from the right.
     */
    static List<NodeRef> decompose(long start, long end) {
        List<NodeRef> out = new ArrayList<>();
        long a = start;
        while (a < end) {
            long size = Long.highestOneBit(end - a);
            if (a != 0) {
                size = Math.min(size, Long.lowestOneBit(a));
            }
            int level = Long.numberOfTrailingZeros(size);
            out.add(new NodeRef(level, a >> level));
            a += size;
        }
        return out;
    }

    /** Folds subtree hashes (largest first) into the hash of their range: {@code H(n0, H(n1, … nk))}. */
    static byte[] foldRight(List<byte[]> hashes) {
        if (hashes.isEmpty()) {
            return emptyRoot();
        }
        byte[] acc = hashes.get(hashes.size() - 1);
        for (int i = hashes.size() - 2; i >= 0; i--) {
            acc = nodeHash(hashes.get(i), acc);
        }
        return acc;
    }

    /** The leaf ranges whose hashes form the inclusion proof of {@code index} in a tree of {@code size}, bottom-up. */
    static List<long[]> inclusionRanges(long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("index " + index + " is not in a tree of size " + size);
        }
        List<long[]> out = new ArrayList<>();
        inclusion(index, 0, size, out);
        return out;
    }

    private static void inclusion(long m, long start, long n, List<long[]> out) {
        if (n <= 1) {
            return;
        }
        long k = split(n);
        if (m < k) {
            inclusion(m, start, k, out);
            out.add(new long[] {start + k, start + n});
        } else {
            inclusion(m - k, start + k, n - k, out);
            out.add(new long[] {start, start + k});
        }
    }

    /** The leaf ranges whose hashes form the consistency proof from {@code first} to {@code second}. */
    static List<long[]> consistencyRanges(long first, long second) {
        if (first < 0 || first > second) {
            throw new IllegalArgumentException("cannot prove consistency from size " + first + " to " + second);
        }
        List<long[]> out = new ArrayList<>();
        if (first == 0 || first == second) {
            return out;
        }
        subproof(first, 0, second, true, out);
        return out;
    }

    private static void subproof(long m, long start, long n, boolean whole, List<long[]> out) {
        if (m == n) {
            if (!whole) {
                out.add(new long[] {start, start + n});
            }
            return;
        }
        long k = split(n);
        if (m <= k) {
            subproof(m, start, k, whole, out);
            out.add(new long[] {start + k, start + n});
        } else {
            subproof(m - k, start + k, n - k, false, out);
            out.add(new long[] {start, start + k});
        }
    }

    /** RFC 9162 §2.1.3.2. */
    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> path, byte[] root) {
        if (index < 0 || index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                while (fn != 0 && (fn & 1) == 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** RFC 9162 §2.1.4.2. */
    public static boolean verifyConsistency(long first, long second, List<byte[]> proof, byte[] firstRoot, byte[] secondRoot) {
        if (first < 0 || first > second) {
            return false;
        }
        if (first == 0) {
            return proof.isEmpty();
        }
        if (first == second) {
            return proof.isEmpty() && Arrays.equals(firstRoot, secondRoot);
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            path.add(0, firstRoot);
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                while (fn != 0 && (fn & 1) == 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return Arrays.equals(fr, firstRoot) && Arrays.equals(sr, secondRoot) && sn == 0;
    }
}
