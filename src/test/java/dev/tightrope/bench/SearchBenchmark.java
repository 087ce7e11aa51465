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
 * (the best 16 grouped by kind, with counts). Target: p95 under 20 ms on 1M assets (2 cores).
 *
 * <p>Arguments: {@code <workspaceDir> [queries]} (default 2000 queries after 200 warm-up).
 */
public final class SearchBenchmark {
    /** Hits the search box asks for. */
    private static final int HITS = 16;

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        long[][] byShape = new long[SHAPES.length][];
        long[] nanos = run(dir, queries, byShape);
        print(nanos);
        for (int k = 0; k < SHAPES.length; k++) {
            System.out.printf("search:   %-9s (%4d) p50 %.2f ms, p95 %.2f ms%n", SHAPES[k], byShape[k].length,
                    pct(byShape[k], 50), pct(byShape[k], 95));
        }
    }

    static void print(long[] nanos) {
        System.out.printf("search: %d queries, p50 %.2f ms, p95 %.2f ms (target < 20 ms), p99 %.2f ms, max %.2f ms%n",
                nanos.length, pct(nanos, 50), pct(nanos, 95), pct(nanos, 99), nanos[nanos.length - 1] / 1e6);
    }

    static double pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    /** The shapes of query the benchmark types, in the order {@link #query} draws them. */
    static final String[] SHAPES = {"word", "two words", "prefix", "team", "name"};

    public static long[] run(Path dir, int queries) {
        return run(dir, queries, null);
    }

    /** As {@link #run(Path, int)}; {@code byShape}, when given, receives each shape's latencies (sorted). */
    static long[] run(Path dir, int queries, long[][] byShape) {
        List<String> words = List.of(SyntheticEstate.WORDS);
        SplittableRandom r = new SplittableRandom(7);
        try (Tightrope t = Tightrope.open(dir, new ConnectorRegistry(List.of(SyntheticEstate.factory())))) {
            for (int i = 0; i < 200; i++) {
                t.inventory().search(query(r, words, r.nextInt(SHAPES.length)), HITS);
            }
            long[] nanos = new long[queries];
            long[][] shapes = new long[SHAPES.length][queries];
            int[] counts = new int[SHAPES.length];
            for (int i = 0; i < queries; i++) {
                int shape = r.nextInt(SHAPES.length);
                String q = query(r, words, shape);
                long start = System.nanoTime();
                t.inventory().search(q, HITS);
                nanos[i] = System.nanoTime() - start;
                shapes[shape][counts[shape]++] = nanos[i];
            }
            Arrays.sort(nanos);
            if (byShape != null) {
                for (int k = 0; k < SHAPES.length; k++) {
                    byShape[k] = Arrays.copyOf(shapes[k], counts[k]);
                    Arrays.sort(byShape[k]);
                }
            }
            return nanos;
        }
    }

    private static String query(SplittableRandom r, List<String> words, int shape) {
        String w = words.get(r.nextInt(words.size()));
        return switch (shape) {
            case 0 -> w;
            case 1 -> w + " " + words.get(r.nextInt(words.size()));
            case 2 -> w.substring(0, Math.min(w.length(), 3 + r.nextInt(3)));
            case 3 -> SyntheticEstate.TEAMS[r.nextInt(SyntheticEstate.TEAMS.length)];
            default -> w + "-" + words.get(r.nextInt(words.size())) + "-" + r.nextInt(1000);
        };
    }
}
