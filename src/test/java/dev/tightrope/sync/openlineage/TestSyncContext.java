package dev.tightrope.sync.openlineage;

import dev.tightrope.domain.SourceConfig;
import dev.tightrope.sync.SyncContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A sync context for tests: a given cursor, recorded progress, and cancellation after a number of checks. */
final class TestSyncContext implements SyncContext {
    private final String cursor;
    private final boolean full;
    private final long cancelAfterChecks;
    private long checks;
    final List<long[]> progress = new ArrayList<>();
    final List<String> messages = new ArrayList<>();

    private TestSyncContext(String cursor, boolean full, long cancelAfterChecks) {
        this.cursor = cursor;
        this.full = full;
        this.cancelAfterChecks = cancelAfterChecks;
    }

    static TestSyncContext first() {
        return new TestSyncContext(null, false, Long.MAX_VALUE);
    }

    static TestSyncContext after(String cursor) {
        return new TestSyncContext(cursor, false, Long.MAX_VALUE);
    }

    static TestSyncContext fullAfter(String cursor) {
        return new TestSyncContext(cursor, true, Long.MAX_VALUE);
    }

    static TestSyncContext cancelledAfter(long checks) {
        return new TestSyncContext(null, false, checks);
    }

    long cancelChecks() {
        return checks;
    }

    @Override
    public SourceConfig source() {
        return new SourceConfig("lineage", "openlineage", Map.of("path", "unused"));
    }

    @Override
    public String cursor() {
        return cursor;
    }

    @Override
    public boolean fullRequested() {
        return full;
    }

    @Override
    public void progress(long done, long total, String message) {
        progress.add(new long[] {done, total});
        messages.add(message);
    }

    @Override
    public void checkCancelled() throws InterruptedException {
        if (++checks > cancelAfterChecks) {
            throw new InterruptedException("cancelled by the test");
        }
    }

    @Override
    public String secret(String name) {
        return null;
    }
}
