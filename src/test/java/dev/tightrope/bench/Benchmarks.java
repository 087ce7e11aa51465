package dev.tightrope.bench;

import java.util.Arrays;

/**
 * Runs the benchmarks from Maven: {@code mvn -Pbench verify -Dbench.args="<name> [args]"}.
 * Names: {@code ingest [assets] [edgesPerAsset] [dir]}, {@code search <dir> [queries]},
 * {@code inventory <dir> [scrollSteps]} (forked with a 512 MB heap), {@code all} (ingest 1M, then
 * search and inventory on that cache).
 */
public final class Benchmarks {
    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        String name = args.length == 0 ? "all" : args[0];
        String[] rest = args.length == 0 ? new String[0] : Arrays.copyOfRange(args, 1, args.length);
        switch (name) {
            case "ingest" -> IngestBenchmark.main(rest);
            case "search" -> SearchBenchmark.main(rest);
            case "inventory" -> System.exit(InventoryBenchmark.fork(java.nio.file.Path.of(rest[0]), rest.length > 1 ? Integer.parseInt(rest[1]) : 400));
            case "all" -> {
                IngestBenchmark.Result r = IngestBenchmark.run(1_000_000, 3, java.nio.file.Files.createTempDirectory("tightrope-bench-"));
                IngestBenchmark.print(r);
                SearchBenchmark.main(new String[] {r.workspace().toString()});
                InventoryBenchmark.fork(r.workspace(), 400);
            }
            default -> {
                System.err.println("unknown benchmark " + name + "; see the javadoc of dev.tightrope.bench.Benchmarks");
                System.exit(2);
            }
        }
    }
}
