package dev.tightrope.cli;

import dev.tightrope.domain.Labels;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.port.SyncListener;
import java.io.PrintWriter;

/** Sync progress on stderr, at most a few lines a second. */
final class SyncProgress implements SyncListener {
    private final PrintWriter err;
    private long lastPrint;

    SyncProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void progress(String source, long done, long total, String message) {
        long now = System.nanoTime();
        if (now - lastPrint < 250_000_000L && done > 0) {
            return;
        }
        lastPrint = now;
        StringBuilder sb = new StringBuilder(source).append(": ").append(message == null ? "" : message);
        if (done >= 0 && total > 0) {
            sb.append(" (").append(done * 100 / total).append("%)");
        }
        err.println(sb);
        err.flush();
    }

    @Override
    public void finished(SyncRun run) {
        err.println(run.source() + ": " + Labels.of(run.status()));
        err.flush();
    }
}
