package dev.tightrope.service;

import dev.tightrope.base.Threads;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.sync.openlineage.OpenLineageHttpReceiver;
import dev.tightrope.sync.openlineage.OpenLineageSpool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Receives OpenLineage events live, as Marquez does, so existing emitters (Spark, Airflow, dbt,
 * MLflow integrations, openlineage-python's HTTP transport) can point at the console:
 * {@code POST http://127.0.0.1:<port>/api/v1/lineage}. Only when the user turns it on; loopback
 * only. Accepted events are appended unchanged to a spool directory in the workspace and
 * imported by an incremental sync of the {@value #SOURCE} source shortly after (bursts are
 * coalesced), so every event is kept on disk and a sync failure never loses one.
 */
public final class LiveLineageService implements AutoCloseable {

    public static final String SOURCE = "live-lineage";
    static final long COALESCE_MILLIS = 500;

    private final Tightrope tightrope;
    private OpenLineageHttpReceiver receiver;
    private ScheduledExecutorService syncs;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile Consumer<SyncRun> onSynced = run -> { };
    private volatile Consumer<Problem> onProblem = p -> { };

    LiveLineageService(Tightrope tightrope) {
        this.tightrope = tightrope;
    }

    /** Where accepted events are kept. */
    public Path spoolDirectory() {
        return tightrope.workspace().root().resolve("openlineage-live");
    }

    public synchronized boolean running() {
        return receiver != null;
    }

    /** The address emitters use ({@code OPENLINEAGE_URL}), or null when stopped. */
    public synchronized String url() {
        return receiver == null ? null : receiver.baseUrl().toString();
    }

    /** The full endpoint URL, {@code http://127.0.0.1:<port>/api/v1/lineage}, or null when stopped. */
    public synchronized String endpoint() {
        return receiver == null ? null : receiver.baseUrl().resolve(OpenLineageHttpReceiver.PATH).toString();
    }

    /** Events accepted since start. */
    public synchronized long acceptedEvents() {
        return receiver == null ? 0 : receiver.stats().acceptedEvents();
    }

    /**
     * Starts listening on 127.0.0.1:{@code port} (0 picks a free port). {@code bearerToken} null
     * accepts any local client. {@code onSynced} hears about each import run; {@code onProblem}
     * about events that could not be delivered.
     */
    public synchronized void start(int port, String bearerToken, Consumer<SyncRun> onSynced, Consumer<Problem> onProblem) {
        if (receiver != null) {
            throw new IllegalStateException("the OpenLineage receiver is already running at " + url());
        }
        this.onSynced = onSynced;
        this.onProblem = onProblem;
        if (tightrope.sources().find(SOURCE).isEmpty()) {
            tightrope.sources().add(new SourceConfig(SOURCE, "openlineage", Map.of("path", spoolDirectory().toString())));
        }
        syncs = Executors.newSingleThreadScheduledExecutor(Threads.daemon("tightrope-live-lineage"));
        try {
            OpenLineageSpool spool = new OpenLineageSpool(spoolDirectory(), this::scheduleImport);
            OpenLineageHttpReceiver.Settings settings = OpenLineageHttpReceiver.Settings.onPort(port);
            if (bearerToken != null && !bearerToken.isBlank()) {
                settings = settings.withBearerToken(bearerToken);
            }
            OpenLineageHttpReceiver r = new OpenLineageHttpReceiver(settings, spool, p -> this.onProblem.accept(p));
            r.start();
            receiver = r;
        } catch (IOException e) {
            syncs.shutdownNow();
            syncs = null;
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    private void scheduleImport() {
        ScheduledExecutorService s;
        synchronized (this) {
            s = syncs;
        }
        if (s != null && pending.compareAndSet(false, true)) {
            s.schedule(this::importNow, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void importNow() {
        pending.set(false);
        List<SyncRun> runs = tightrope.sources().sync(SOURCE, false, SyncListener.NONE, new Cancellation());
        runs.forEach(onSynced);
    }

    public synchronized void stop() {
        if (receiver != null) {
            receiver.stop();
            receiver = null;
        }
        if (syncs != null) {
            syncs.shutdown();
            try {
                syncs.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            syncs = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
