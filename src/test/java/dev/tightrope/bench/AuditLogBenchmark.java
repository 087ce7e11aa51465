package dev.tightrope.bench;

import dev.tightrope.domain.AuditEvent;
import dev.tightrope.store.AuditLogStore;
import dev.tightrope.store.Database;
import dev.tightrope.trust.log.AuditLog;
import dev.tightrope.trust.log.ConsistencyProof;
import dev.tightrope.trust.log.InclusionProof;
import dev.tightrope.trust.log.LogKey;
import dev.tightrope.trust.log.LogVerification;
import dev.tightrope.trust.log.LogVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Audit log throughput on a real SQLite cache: batched appends, single-transaction appends,
 * inclusion proof latency at the full size (p50/p95), a consistency proof, and a full log verify.
 * Targets: append >= 20,000 entries/s, inclusion proof < 5 ms at 1,000,000 entries.
 *
 * <p>Arguments: {@code [entries (default 1000000)] [batch size (default 1000)] [proofs to time (default 2000)]
 * [single-append sample (default 20000)]}.
 */
public final class AuditLogBenchmark {

    private AuditLogBenchmark() {
    }

    /** The figures one run measured. */
    public record Figures(long entries, double batchedAppendsPerSecond, double singleAppendsPerSecond,
                          double inclusionP50Millis, double inclusionP95Millis, double consistencyMillis, double verifySeconds) {
    }

    public static void main(String[] args) throws IOException {
        long entries = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int proofs = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        int single = args.length > 3 ? Integer.parseInt(args[3]) : 20_000;
        Path dir = Files.createTempDirectory("tightrope-auditlog-bench");
        try {
            Figures f = run(dir, entries, batch, proofs, single);
            System.out.printf("AuditLogBenchmark: %,d entries%n", f.entries());
            System.out.printf("  append, batches of %d:   %,.0f entries/s (target >= 20,000)%n", batch, f.batchedAppendsPerSecond());
            System.out.printf("  append, one per commit:  %,.0f entries/s (%,d sampled)%n", f.singleAppendsPerSecond(), single);
            System.out.printf("  inclusion proof at %,d: p50 %.3f ms, p95 %.3f ms (target < 5 ms)%n", f.entries(),
                    f.inclusionP50Millis(), f.inclusionP95Millis());
            System.out.printf("  consistency proof %,d -> %,d: %.3f ms%n", f.entries() / 3, f.entries(), f.consistencyMillis());
            System.out.printf("  log verify (all leaves, subtrees, checkpoints): %.2f s%n", f.verifySeconds());
        } finally {
            deleteTree(dir);
        }
    }

    public static Figures run(Path dir, long entries, int batch, int proofs, int single) {
        try (Database db = Database.open(dir.resolve("bench.db"))) {
            AuditLogStore store = new AuditLogStore(db);
            LogKey key = LogKey.generate("tightrope.dev/audit/bench");
            AuditLog log = new AuditLog(store, key, Clock.systemUTC());
            Instant t0 = Instant.parse("2026-03-01T00:00:00Z");

            long start = System.nanoTime();
            long appended = 0;
            List<AuditEvent> events = new ArrayList<>(batch);
            while (appended < entries) {
                events.clear();
                for (int i = 0; i < batch && appended + i < entries; i++) {
                    events.add(event(t0, appended + i));
                }
                log.appendAll(events);
                appended += events.size();
                if (appended % (entries / 4 == 0 ? 1 : entries / 4) < batch && appended < entries) {
                    log.checkpoint();
                }
            }
            double batched = entries / ((System.nanoTime() - start) / 1e9);
            log.checkpoint();
            long size = log.size();

            Random random = new Random(42);
            long[] times = new long[proofs];
            for (int i = 0; i < proofs; i++) {
                long index = (long) (random.nextDouble() * size);
                long s = System.nanoTime();
                InclusionProof p = log.inclusionProof(index);
                times[i] = System.nanoTime() - s;
                if (!p.verify()) {
                    throw new IllegalStateException("inclusion proof for " + index + " does not verify");
                }
            }
            Arrays.sort(times);
            double p50 = times[proofs / 2] / 1e6;
            double p95 = times[(int) (proofs * 0.95)] / 1e6;

            long cs = System.nanoTime();
            ConsistencyProof c = log.consistencyProof(size / 3, size);
            double consistency = (System.nanoTime() - cs) / 1e6;
            if (!c.verify()) {
                throw new IllegalStateException("consistency proof does not verify");
            }

            long ss = System.nanoTime();
            for (int i = 0; i < single; i++) {
                log.append(event(t0, size + i));
            }
            double singles = single / ((System.nanoTime() - ss) / 1e9);
            log.checkpoint();

            long vs = System.nanoTime();
            LogVerification v = new LogVerifier(store, key.verifier()).verify();
            double verify = (System.nanoTime() - vs) / 1e9;
            if (!v.intact()) {
                throw new IllegalStateException("log verify failed: " + v.problems());
            }
            return new Figures(size, batched, singles, p50, p95, consistency, verify);
        }
    }

    private static AuditEvent event(Instant t0, long i) {
        return AuditEvent.of(t0.plusMillis(i), i % 7 == 0 ? "ana@example.com" : "tightrope",
                i % 5 == 0 ? "approval.sign" : "sync.run", "tr:model:mlflow:model-" + (i % 997),
                Map.of("run", Long.toString(i), "source", "mlflow-prod"));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
