package dev.tightrope.sync;

import dev.tightrope.domain.ConnectionCheck;

import dev.tightrope.domain.Asset;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.Edge;
import dev.tightrope.domain.Finding;
import dev.tightrope.domain.OwnerClaim;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.port.IngestStore;
import dev.tightrope.domain.port.IngestStore.IngestSession;
import dev.tightrope.domain.port.RecordSink;
import dev.tightrope.domain.port.SyncListener;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs connectors into the cache. Each source syncs in its own atomic run: a source that fails,
 * is cancelled or dies leaves its last committed state, and the other sources go on.
 */
public final class SyncEngine {

    private final IngestStore store;
    private final ConnectorRegistry registry;
    private final SecretResolver secrets;

    public SyncEngine(IngestStore store, ConnectorRegistry registry, SecretResolver secrets) {
        this.store = store;
        this.registry = registry;
        this.secrets = secrets;
    }

    /** Syncs the sources one after another; stops early only when cancelled. */
    public List<SyncRun> syncAll(List<SourceConfig> sources, boolean full, SyncListener listener, Cancellation cancel) {
        List<SyncRun> runs = new ArrayList<>();
        for (SourceConfig source : sources) {
            if (cancel.isCancelled()) {
                break;
            }
            runs.add(sync(source, full, listener, cancel));
        }
        return runs;
    }

    /** Syncs one source. Never throws for a source's own failure: the returned run says what happened. */
    public SyncRun sync(SourceConfig source, boolean full, SyncListener listener, Cancellation cancel) {
        Connector connector;
        try {
            connector = registry.factory(source.type()).create(source);
        } catch (IllegalArgumentException e) {
            try (IngestSession session = store.begin(source)) {
                SyncRun run = session.abort(false, "the source is misconfigured: " + e.getMessage());
                listener.finished(run);
                return run;
            }
        }
        String cursor = full ? null : store.cursor(source.name());
        IngestSession session = store.begin(source);
        Context context = new Context(source, cursor, full, listener, cancel);
        SyncRun run;
        try {
            listener.progress(source.name(), 0, -1, "reading " + source.name());
            SyncResult result = connector.sync(context, new CancellableSink(session, context));
            context.checkCancelled();
            listener.progress(source.name(), -1, -1, "saving " + source.name());
            run = session.commit(result.mode(), result.cursor());
        } catch (InterruptedException | CancelledException e) {
            run = session.abort(true, "Cancelled by the user. Nothing from this run was kept; the previous state is intact.");
        } catch (ConnectorException e) {
            session.problem(new Problem(e.location() == null ? source.name() : e.location(), e.getMessage()));
            run = session.abort(false, e.toString());
        } catch (RuntimeException e) {
            run = session.abort(false, "Unexpected error while syncing: " + e
                    + ". Nothing from this run was kept; the previous state is intact.");
        } finally {
            session.close();
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
            }
        }
        listener.finished(run);
        return run;
    }

    /**
     * Test connection for {@code source}: its connector's one cheap call, nothing imported.
     * Never throws for the source's own failure: the result says what happened.
     */
    public ConnectionCheck check(SourceConfig source, Cancellation cancel) {
        Connector connector;
        try {
            connector = registry.factory(source.type()).create(source);
        } catch (IllegalArgumentException e) {
            return new ConnectionCheck(false, source.name(), "the source is misconfigured: " + e.getMessage());
        }
        try {
            String found = connector.check(new Context(source, null, false, SyncListener.NONE, cancel));
            return new ConnectionCheck(true, source.name(), found);
        } catch (ConnectorException e) {
            return new ConnectionCheck(false, e.location() == null ? source.name() : e.location(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ConnectionCheck(false, source.name(), "cancelled");
        } catch (RuntimeException e) {
            return new ConnectionCheck(false, source.name(), "unexpected error: " + e);
        }
    }

    /** Thrown out of sink calls when the user cancels, so connectors stop at the next record. */
    static final class CancelledException extends RuntimeException {
        CancelledException() {
            super("cancelled", null, false, false);
        }
    }

    private final class Context implements SyncContext {
        private final SourceConfig source;
        private final String cursor;
        private final boolean full;
        private final SyncListener listener;
        private final Cancellation cancel;

        Context(SourceConfig source, String cursor, boolean full, SyncListener listener, Cancellation cancel) {
            this.source = source;
            this.cursor = cursor;
            this.full = full;
            this.listener = listener;
            this.cancel = cancel;
        }

        @Override
        public SourceConfig source() {
            return source;
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
            listener.progress(source.name(), done, total, message);
        }

        @Override
        public void checkCancelled() throws InterruptedException {
            if (cancel.isCancelled() || Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("cancelled");
            }
        }

        boolean cancelled() {
            return cancel.isCancelled() || Thread.currentThread().isInterrupted();
        }

        @Override
        public String secret(String name) {
            return secrets.resolve(name);
        }
    }

    /** Checks for cancellation every few thousand records, so even a connector that never asks stops promptly. */
    private static final class CancellableSink implements RecordSink {
        private final RecordSink delegate;
        private final Context context;
        private int count;

        CancellableSink(RecordSink delegate, Context context) {
            this.delegate = delegate;
            this.context = context;
        }

        private void tick() {
            if ((++count & 0x3ff) == 0 && context.cancelled()) {
                throw new CancelledException();
            }
        }

        @Override
        public void asset(Asset asset) {
            tick();
            delegate.asset(asset);
        }

        @Override
        public void edge(Edge edge) {
            tick();
            delegate.edge(edge);
        }

        @Override
        public void owner(OwnerClaim claim) {
            tick();
            delegate.owner(claim);
        }

        @Override
        public void finding(Finding finding) {
            tick();
            delegate.finding(finding);
        }

        @Override
        public void problem(Problem problem) {
            delegate.problem(problem);
        }
    }
}
