package dev.tightrope.cli;

import dev.tightrope.domain.Labels;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.Cancellation;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Syncs sources into the cache. */
@Command(name = "sync", description = "Sync all sources (or one) into the cache. Progress on stderr, summary on stdout; "
        + "exit 1 if any source failed.")
final class SyncCommand implements Callable<Integer> {
    @ParentCommand
    Cli cli;

    @Option(names = "--source", paramLabel = "NAME", description = "Sync only this source.")
    String source;

    @Option(names = "--full", description = "Read everything even where an incremental cursor exists.")
    boolean full;

    @Override
    public Integer call() {
        Cancellation cancel = new Cancellation();
        Thread hook = new Thread(cancel::cancel, "sync-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        List<SyncRun> runs;
        try {
            runs = cli.tightrope().sources().sync(source, full, new SyncProgress(cli.err), cancel);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting: the hook has done its job
            }
        }
        if (runs.isEmpty()) {
            cli.out.println("No sources configured. Add one with 'tightrope sources add', or load the demo with 'tightrope demo'.");
            return Cli.OK;
        }
        printSummary(cli.out, runs);
        for (SyncRun run : runs) {
            for (var p : cli.tightrope().sources().problems(run.id(), 20)) {
                cli.err.println("  " + run.source() + ": " + p);
            }
        }
        return exitCode(runs);
    }

    static int exitCode(List<SyncRun> runs) {
        for (SyncRun run : runs) {
            if (run.status() != SyncStatus.SUCCEEDED && run.status() != SyncStatus.SUCCEEDED_WITH_PROBLEMS) {
                return Cli.FAILED;
            }
        }
        return Cli.OK;
    }

    static void printSummary(PrintWriter out, List<SyncRun> runs) {
        List<List<String>> rows = new ArrayList<>();
        for (SyncRun r : runs) {
            long ms = r.finishedAt() == null ? 0 : r.finishedAt().toEpochMilli() - r.startedAt().toEpochMilli();
            rows.add(List.of(r.source(), Labels.of(r.status()), Labels.of(r.mode()),
                    String.valueOf(r.assetsSeen()), String.valueOf(r.assetsAdded()), String.valueOf(r.assetsGone()),
                    String.valueOf(r.edgesSeen()), String.valueOf(r.problems()), String.format("%.1fs", ms / 1000.0),
                    r.message() == null ? "" : r.message()));
        }
        Output.table(out, List.of("SOURCE", "STATUS", "MODE", "ASSETS", "NEW", "GONE", "EDGES", "PROBLEMS", "TIME", "MESSAGE"), rows);
    }
}
