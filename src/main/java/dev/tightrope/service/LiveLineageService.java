package dev.tightrope.service;

import dev.tightrope.base.Threads;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.sync.openlineage.OpenLineageHttpReceiver;
import dev.tightrope.sync.openlineage.OpenLineageHttpReceiver.Refusal;
import dev.tightrope.sync.openlineage.OpenLineageSpool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 *
 * <p>The console's receiver requires a token: 32 random bytes, URL-safe base64, made the first
 * time it is turned on and kept in the workspace's {@code credentials.properties} (0600) under
 * {@value #TOKEN_KEY}, never in the cache, a log or an export. {@link #emitterSettings()} gives
 * the settings to copy into an emitter. The receiver also refuses whatever a web page could send
 * (see {@link OpenLineageHttpReceiver}) and counts the refusals in {@link #status()}.
 */
public final class LiveLineageService implements AutoCloseable {

    public static final String SOURCE = "live-lineage";
    /** The credentials-file key of the receiver's token. */
    public static final String TOKEN_KEY = "tightrope.live-lineage.token";
    static final long COALESCE_MILLIS = 500;
    private static final int TOKEN_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Tightrope tightrope;
    private OpenLineageHttpReceiver receiver;
    private String token;
    private LiveLineageStatus lastRun = LiveLineageStatus.NEVER_STARTED;
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

    /** What the receiver does: running or not, where, and what it accepted and refused. */
    public synchronized LiveLineageStatus status() {
        return receiver == null ? lastRun : statusOf(receiver);
    }

    /**
     * The settings to copy into an emitter (URL, endpoint and the token as its API key), while
     * the receiver runs. They hold the token: for the user's eyes only.
     */
    public synchronized Optional<EmitterSettings> emitterSettings() {
        return receiver == null ? Optional.empty() : Optional.of(new EmitterSettings(url(), EmitterSettings.ENDPOINT, token));
    }

    /**
     * Starts listening on 127.0.0.1:{@code port} (0 picks a free port), requiring the
     * workspace's token, which is made and kept in the credentials file the first time.
     * {@code onSynced} hears about each import run; {@code onProblem} about events that could not
     * be delivered.
     */
    public synchronized void start(int port, Consumer<SyncRun> onSynced, Consumer<Problem> onProblem) {
        begin(port, tightrope.credentials().fromFileOrAdd(TOKEN_KEY, LiveLineageService::newToken), onSynced, onProblem);
    }

    /** As {@link #start}, requiring {@code token} instead of the workspace's (the CLI's {@code --token-env}). */
    public synchronized void startWithToken(int port, String token, Consumer<SyncRun> onSynced, Consumer<Problem> onProblem) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the receiver's token must not be empty");
        }
        begin(port, token, onSynced, onProblem);
    }

    /**
     * As {@link #start}, without a token: any process on this machine can then write lineage and
     * owners into the workspace. Only for the CLI, which says so.
     */
    public synchronized void startWithoutToken(int port, Consumer<SyncRun> onSynced, Consumer<Problem> onProblem) {
        begin(port, null, onSynced, onProblem);
    }

    private void begin(int port, String requiredToken, Consumer<SyncRun> onSynced, Consumer<Problem> onProblem) {
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
            if (requiredToken != null) {
                settings = settings.withBearerToken(requiredToken);
            }
            OpenLineageHttpReceiver r = new OpenLineageHttpReceiver(settings, spool, p -> this.onProblem.accept(p));
            r.start();
            receiver = r;
            token = requiredToken;
        } catch (IOException e) {
            syncs.shutdownNow();
            syncs = null;
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    private static String newToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private LiveLineageStatus statusOf(OpenLineageHttpReceiver r) {
        OpenLineageHttpReceiver.Stats stats = r.stats();
        Map<Refusal, Long> refused = stats.refusals();
        return new LiveLineageStatus(receiver == r, receiver == r ? endpoint() : null, token != null, stats.acceptedEvents(),
                stats.rejectedRequests(), stats.failedDeliveries(), new LiveLineageStatus.Refusals(refused.get(Refusal.FOREIGN_HOST),
                refused.get(Refusal.BROWSER_ORIGIN), refused.get(Refusal.NOT_JSON), refused.get(Refusal.BAD_TOKEN)));
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
            OpenLineageHttpReceiver r = receiver;
            r.stop();
            receiver = null;
            lastRun = statusOf(r);
            token = null;
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
