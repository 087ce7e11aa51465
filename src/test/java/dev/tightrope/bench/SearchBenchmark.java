package dev.tightrope.bench;

import dev.tightrope.service.Tightrope;
import dev.tightrope.sync.ConnectorRegistry;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Full-text search latency on an existing cache (e.g. the ingest benchmark's 1M-asset one):
 * single words, two words, prefixes and owner names, as the global search box issues them
 * (best 12 by relevance). Target: p95 under 20 ms on 1M assets (2 cores).
 *
 * <p>Arguments: {@code <workspaceDir> [queries]} (default 2000 queries after 200 warm-up).
 */
public final class SearchBenchmark {

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        long[] nanos = run(dir, queries);
        print(nanos);
    }

    static void print(long[] nanos) {
        System.out.printf("search: %d queries, p50 %.2f ms, p95 %.2f ms (target < 20 ms), p99 %.2f ms, max %.2f ms%n",
                nanos.length, pct(nanos, 50), pct(nanos, 95), pct(nanos, 99), nanos[nanos.length - 1] / 1e6);
    }

    static double pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    public static long[] run(Path dir, int queries) {
        List<String> words = List.of(SyntheticEstate.WORDS);
        SplittableRandom r = new SplittableRandom(7);
        try (Tightrope t = Tightrope.open(dir, new ConnectorRegistry(List.of(SyntheticEstate.factory())))) {
            for (int i = 0; i < 200; i++) {
                t.inventory().search(query(r, words), 12);
            }
            long[] nanos = new long[queries];
            for (int i = 0; i < queries; i++) {
                String q = query(r, words);
                long start = System.nanoTime();
                t.inventory().search(q, 12);
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            return nanos;
        }
    }

    private static String query(SplittableRandom r, List<String> words) {
        String w = words.get(r.nextInt(words.size()));
        return switch (r.nextInt(5)) {
            case 0 -> w;
            case 1 -> w + " " + words.get(r.nextInt(words.size()));
            case 2 -> w.substring(0, Math.min(w.length(), 3 + r.nextInt(3)));
            case 3 -> SyntheticEstate.TEAMS[r.nextInt(SyntheticEstate.TEAMS.length)];
            default -> w + "-" + words.get(r.nextInt(words.size())) + "-" + r.nextInt(1000);
        };
    }
}
