package dev.tightrope.trust.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.port.AuditLogStorage.NodeRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RFC 9162 proofs against a straightforward recursive reference implementation, over the
 * transparency-dev test leaves, for every index and size combination.
 */
class MerkleTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final List<byte[]> LEAVES = List.of(
            HEX.parseHex(""), HEX.parseHex("00"), HEX.parseHex("10"), HEX.parseHex("2021"), HEX.parseHex("3031"),
            HEX.parseHex("40414243"), HEX.parseHex("5051525354555657"), HEX.parseHex("606162636465666768696a6b6c6d6e6f"));

    // Reference: RFC 9162 §2.1 written as recursion over the leaf data.
    static byte[] mth(List<byte[]> d) {
        if (d.isEmpty()) {
            return Merkle.emptyRoot();
        }
        if (d.size() == 1) {
            return Merkle.leafHash(d.get(0));
        }
        int k = Integer.highestOneBit(d.size() - 1);
        return Merkle.nodeHash(mth(d.subList(0, k)), mth(d.subList(k, d.size())));
    }

    static List<byte[]> path(int m, List<byte[]> d) {
        List<byte[]> out = new ArrayList<>();
        if (d.size() <= 1) {
            return out;
        }
        int k = Integer.highestOneBit(d.size() - 1);
        if (m < k) {
            out.addAll(path(m, d.subList(0, k)));
            out.add(mth(d.subList(k, d.size())));
        } else {
            out.addAll(path(m - k, d.subList(k, d.size())));
            out.add(mth(d.subList(0, k)));
        }
        return out;
    }

    static List<byte[]> subproof(int m, List<byte[]> d, boolean b) {
        List<byte[]> out = new ArrayList<>();
        int n = d.size();
        if (m == n) {
            if (!b) {
                out.add(mth(d));
            }
            return out;
        }
        int k = Integer.highestOneBit(n - 1);
        if (m <= k) {
            out.addAll(subproof(m, d.subList(0, k), b));
            out.add(mth(d.subList(k, n)));
        } else {
            out.addAll(subproof(m - k, d.subList(k, n), false));
            out.add(mth(d.subList(0, k)));
        }
        return out;
    }

    /** Every complete subtree hash of the leaves, as the audit log stores them. */
    static Map<NodeRef, byte[]> nodes(List<byte[]> leaves) {
        Map<NodeRef, byte[]> out = new HashMap<>();
        for (int level = 0; (1 << level) <= leaves.size(); level++) {
            int width = 1 << level;
            for (int i = 0; (i + 1) * width <= leaves.size(); i++) {
                out.put(new NodeRef(level, i), mth(leaves.subList(i * width, (i + 1) * width)));
            }
        }
        return out;
    }

    static byte[] rangeHash(Map<NodeRef, byte[]> nodes, long[] range) {
        List<byte[]> parts = new ArrayList<>();
        for (NodeRef r : Merkle.decompose(range[0], range[1])) {
            parts.add(nodes.get(r));
        }
        return Merkle.foldRight(parts);
    }

    @Test
    void rootsOfTheTransparencyDevLeaves() {
        assertThat(HEX.formatHex(mth(LEAVES))).isEqualTo("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
        assertThat(HEX.formatHex(mth(List.of()))).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        String[] roots = {
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
        Map<NodeRef, byte[]> nodes = nodes(LEAVES);
        for (int n = 1; n <= 8; n++) {
            assertThat(HEX.formatHex(rangeHash(nodes, new long[] {0, n}))).as("root of %d", n).isEqualTo(roots[n - 1]);
        }
    }

    @Test
    void inclusionProofsMatchTheReferenceAndVerifyForEveryIndexAndSize() {
        List<byte[]> leaves = leaves(33);
        Map<NodeRef, byte[]> nodes = nodes(leaves);
        for (int n = 1; n <= leaves.size(); n++) {
            byte[] root = mth(leaves.subList(0, n));
            for (int i = 0; i < n; i++) {
                List<byte[]> proof = new ArrayList<>();
                for (long[] r : Merkle.inclusionRanges(i, n)) {
                    proof.add(rangeHash(nodes, r));
                }
                assertThat(proof).as("path %d/%d", i, n).usingElementComparator(MerkleTest::compare)
                        .containsExactlyElementsOf(path(i, leaves.subList(0, n)));
                byte[] leaf = Merkle.leafHash(leaves.get(i));
                assertThat(Merkle.verifyInclusion(i, n, leaf, proof, root)).isTrue();
                assertThat(Merkle.verifyInclusion(i, n, Merkle.leafHash(new byte[] {9, 9}), proof, root)).isFalse();
                if (!proof.isEmpty()) {
                    List<byte[]> tampered = new ArrayList<>(proof);
                    byte[] first = tampered.get(0).clone();
                    first[0] ^= 1;
                    tampered.set(0, first);
                    assertThat(Merkle.verifyInclusion(i, n, leaf, tampered, root)).isFalse();
                    assertThat(Merkle.verifyInclusion(n, n, leaf, proof, root)).isFalse();
                    assertThat(Merkle.verifyInclusion(i, n, leaf, proof.subList(1, proof.size()), root)).isFalse();
                }
            }
        }
    }

    @Test
    void consistencyProofsMatchTheReferenceAndVerifyForEverySizePair() {
        List<byte[]> leaves = leaves(33);
        Map<NodeRef, byte[]> nodes = nodes(leaves);
        for (int n = 1; n <= leaves.size(); n++) {
            byte[] root2 = mth(leaves.subList(0, n));
            for (int m = 0; m <= n; m++) {
                byte[] root1 = mth(leaves.subList(0, m));
                List<byte[]> proof = new ArrayList<>();
                for (long[] r : Merkle.consistencyRanges(m, n)) {
                    proof.add(rangeHash(nodes, r));
                }
                List<byte[]> expected = m == 0 || m == n ? List.of() : subproof(m, leaves.subList(0, n), true);
                assertThat(proof).as("proof %d->%d", m, n).usingElementComparator(MerkleTest::compare).containsExactlyElementsOf(expected);
                assertThat(Merkle.verifyConsistency(m, n, proof, root1, root2)).as("%d->%d", m, n).isTrue();
                if (m > 0 && m < n) {
                    byte[] wrong = root1.clone();
                    wrong[5] ^= 1;
                    assertThat(Merkle.verifyConsistency(m, n, proof, wrong, root2)).isFalse();
                    assertThat(Merkle.verifyConsistency(m, n, proof, root1, wrong)).isFalse();
                    assertThat(Merkle.verifyConsistency(m, n, proof.subList(0, proof.size() - 1), root1, root2)).isFalse();
                }
            }
        }
    }

    private static List<byte[]> leaves(int n) {
        List<byte[]> out = new ArrayList<>(LEAVES);
        for (int i = out.size(); i < n; i++) {
            out.add(new byte[] {(byte) i, (byte) (i * 7)});
        }
        return out;
    }

    private static int compare(byte[] a, byte[] b) {
        return java.util.Arrays.compare(a, b);
    }
}
