package dev.tightrope.bench;

import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.DemoWorkspace;
import dev.tightrope.service.Tightrope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The PDF report of one model (fraud-bert v3 of the demo: gate and approvals, findings, a lineage
 * picture laid out and drawn, training data, deployments), of the estate, and the model's ML-BOM,
 * each built {@code rounds} times on the demo workspace after a warm-up. Issue 12's target: the
 * PDF for one model under 2 s.
 */
public final class ReportBenchmark {

    static final Urn FRAUD_V3 = Urn.parse("tr:model_version:openlineage:mlflow://mlflow.kestrel.example/models/fraud-bert/3");

    private ReportBenchmark() {
    }

    public record Result(double modelMedian, double modelMax, double estateMedian, double bomMedian, int modelBytes) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("tightrope-bench-report-");
        print(run(rounds, dir));
    }

    static void print(Result r) {
        System.out.printf(Locale.ROOT, "report: model PDF median %.0f ms (slowest %.0f ms, %,d bytes); estate PDF median %.0f ms; "
                + "model ML-BOM median %.0f ms%n", r.modelMedian() * 1000, r.modelMax() * 1000, r.modelBytes(), r.estateMedian() * 1000,
                r.bomMedian() * 1000);
        System.out.printf(Locale.ROOT, "  target: the PDF for one model under 2 s — %s%n", r.modelMax() < 2 ? "met" : "NOT met");
    }

    public static Result run(int rounds, Path dir) throws Exception {
        try (Tightrope t = Tightrope.open(dir.resolve("workspace"))) {
            new DemoWorkspace(t).load(SyncListener.NONE, new Cancellation());
            for (int i = 0; i < 3; i++) {
                t.reports().model(FRAUD_V3);
                t.reports().estate();
                t.bom().bom(FRAUD_V3);
            }
            double[] model = new double[rounds];
            double[] estate = new double[rounds];
            double[] bom = new double[rounds];
            int bytes = 0;
            for (int i = 0; i < rounds; i++) {
                long a = System.nanoTime();
                bytes = t.reports().model(FRAUD_V3).length;
                long b = System.nanoTime();
                t.reports().estate();
                long c = System.nanoTime();
                t.bom().bom(FRAUD_V3);
                long d = System.nanoTime();
                model[i] = (b - a) / 1e9;
                estate[i] = (c - b) / 1e9;
                bom[i] = (d - c) / 1e9;
            }
            return new Result(median(model), Arrays.stream(model).max().orElse(0), median(estate), median(bom), bytes);
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[v.length / 2];
    }
}
