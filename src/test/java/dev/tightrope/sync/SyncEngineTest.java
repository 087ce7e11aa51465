package dev.tightrope.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.bench.SyntheticEstate;
import dev.tightrope.domain.Asset;
import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SyncMode;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.RecordSink;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.Tightrope;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncEngineTest {

    @TempDir
    Path dir;

    /** Emits {@code count} datasets, then fails if told to; remembers the cursor it was given. */
    static final class ScriptedConnector implements Connector {
        static volatile int count = 3;
        static volatile int failAfter = -1;
        static volatile String lastCursor;
        static volatile boolean cancelAfterFirst;
        static final AtomicInteger runs = new AtomicInteger();

        @Override
        public SyncResult sync(SyncContext context, RecordSink sink) throws ConnectorException, InterruptedException {
            lastCursor = context.cursor();
            int run = runs.incrementAndGet();
            for (int i = 0; i < count; i++) {
                if (i == failAfter) {
                    throw new ConnectorException("https://registry.example/api?page=2", "HTTP 502 Bad Gateway");
                }
                sink.asset(Asset.builder(Urn.of(AssetKind.DATASET, "scripted", context.source().name() + "/" + i), "d" + i).build());
                if (i == 0) {
                    sink.problem(new Problem("page 1, record 7", "missing name; skipped"));
                    if (cancelAfterFirst) {
                        throw new InterruptedException();
                    }
                }
                context.checkCancelled();
            }
            return context.cursor() == null ? SyncResult.full("run-" + run) : SyncResult.incremental("run-" + run);
        }
    }

    static ConnectorFactory scripted() {
        return new ConnectorFactory() {
            @Override
            public String type() {
                return "scripted";
            }

            @Override
            public String description() {
                return "test";
            }

            @Override
            public List<SettingSpec> settings() {
                return List.of(new SettingSpec("mode", "", false, false));
            }

            @Override
            public Connector create(SourceConfig config) {
                if ("broken".equals(config.setting("mode"))) {
                    throw new IllegalArgumentException("mode 'broken' is not a mode");
                }
                return new ScriptedConnector();
            }
        };
    }

    Tightrope t;

    @BeforeEach
    void open() {
        ScriptedConnector.count = 3;
        ScriptedConnector.failAfter = -1;
        ScriptedConnector.cancelAfterFirst = false;
        t = Tightrope.open(dir, new ConnectorRegistry(List.of(scripted(), SyntheticEstate.factory())));
        t.sources().add(new SourceConfig("alpha", "scripted", Map.of()));
        t.sources().add(new SourceConfig("beta", "scripted", Map.of()));
    }

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void aFailingSourceKeepsItsPreviousStateAndTheOthersGoOn() {
        t.sources().sync(null, false, SyncListener.NONE, new Cancellation());
        assertThat(t.inventory().count(AssetFilter.all())).isEqualTo(6);

        ScriptedConnector.count = 10;
        ScriptedConnector.failAfter = 5;
        List<SyncRun> runs = t.sources().sync(null, true, SyncListener.NONE, new Cancellation());

        assertThat(runs).extracting(SyncRun::status).containsExactly(SyncStatus.FAILED, SyncStatus.FAILED);
        assertThat(runs.get(0).message()).contains("HTTP 502 Bad Gateway").contains("https://registry.example/api?page=2");
        assertThat(t.inventory().count(AssetFilter.all())).isEqualTo(6);
        assertThat(t.sources().problems(runs.get(0).id(), 10))
                .extracting(Problem::location).contains("https://registry.example/api?page=2");
    }

    @Test
    void oneSourceFailingDoesNotStopTheNext() {
        ScriptedConnector.failAfter = 1;
        List<SyncRun> first = new ArrayList<>(t.sources().sync("alpha", false, SyncListener.NONE, new Cancellation()));
        ScriptedConnector.failAfter = -1;
        first.addAll(t.sources().sync("beta", false, SyncListener.NONE, new Cancellation()));
        assertThat(first).extracting(SyncRun::status).containsExactly(SyncStatus.FAILED, SyncStatus.SUCCEEDED_WITH_PROBLEMS);
        assertThat(t.inventory().count(AssetFilter.all().withSource("beta"))).isEqualTo(3);
        assertThat(t.inventory().count(AssetFilter.all().withSource("alpha"))).isZero();
    }

    @Test
    void cursorsArePerSourceAndOnlyAdvanceOnSuccess() {
        t.sources().sync("alpha", false, SyncListener.NONE, new Cancellation());
        assertThat(ScriptedConnector.lastCursor).isNull();
        t.sources().sync("alpha", false, SyncListener.NONE, new Cancellation());
        String second = ScriptedConnector.lastCursor;
        assertThat(second).startsWith("run-");
        SyncRun run = t.sources().runs("alpha", 1).get(0);
        assertThat(run.mode()).isEqualTo(SyncMode.INCREMENTAL);

        ScriptedConnector.failAfter = 0;
        t.sources().sync("alpha", false, SyncListener.NONE, new Cancellation());
        ScriptedConnector.failAfter = -1;
        t.sources().sync("alpha", false, SyncListener.NONE, new Cancellation());
        assertThat(ScriptedConnector.lastCursor).isNotEqualTo(second).startsWith("run-");

        t.sources().sync("beta", false, SyncListener.NONE, new Cancellation());
        assertThat(ScriptedConnector.lastCursor).isNull();

        t.sources().sync("alpha", true, SyncListener.NONE, new Cancellation());
        assertThat(ScriptedConnector.lastCursor).as("a full sync ignores the cursor").isNull();
    }

    @Test
    void cancellingStopsTheRunAndKeepsThePreviousState() {
        t.sources().sync("alpha", false, SyncListener.NONE, new Cancellation());
        ScriptedConnector.count = 50;
        ScriptedConnector.cancelAfterFirst = true;
        List<SyncRun> runs = t.sources().sync("alpha", true, SyncListener.NONE, new Cancellation());
        assertThat(runs.get(0).status()).isEqualTo(SyncStatus.CANCELLED);
        assertThat(t.inventory().count(AssetFilter.all().withSource("alpha"))).isEqualTo(3);
    }

    @Test
    void cancellingFromAnotherThreadStopsALargeSync() throws Exception {
        t.sources().add(new SourceConfig("big", SyntheticEstate.TYPE, Map.of("assets", "400000")));
        Cancellation cancel = new Cancellation();
        SyncListener listener = new SyncListener() {
            @Override
            public void progress(String source, long done, long total, String message) {
                if (done > 20_000) {
                    cancel.cancel();
                }
            }
        };
        List<SyncRun> runs = t.sources().sync("big", false, listener, cancel);
        assertThat(runs.get(0).status()).isEqualTo(SyncStatus.CANCELLED);
        assertThat(runs.get(0).message()).contains("previous state is intact");
        assertThat(t.inventory().count(AssetFilter.all().withSource("big"))).isZero();
    }

    @Test
    void aMisconfiguredSourceFailsWithTheReason() {
        var store = new dev.tightrope.store.SqliteIngestStore(t.workspace().database());
        var engine = new SyncEngine(store, new ConnectorRegistry(List.of(scripted())), SecretResolver.ENVIRONMENT);
        SyncRun run = engine.sync(new SourceConfig("alpha", "scripted", Map.of("mode", "broken")), false, SyncListener.NONE, new Cancellation());
        assertThat(run.status()).isEqualTo(SyncStatus.FAILED);
        assertThat(run.message()).contains("misconfigured").contains("mode 'broken' is not a mode");
    }

    @Test
    void progressIsReported() {
        List<String> messages = new ArrayList<>();
        SyncListener listener = new SyncListener() {
            @Override
            public void progress(String source, long done, long total, String message) {
                messages.add(source + ":" + message);
            }

            @Override
            public void finished(SyncRun run) {
                messages.add("done:" + run.source());
            }
        };
        t.sources().sync("alpha", false, listener, new Cancellation());
        assertThat(messages).contains("alpha:reading alpha", "done:alpha");
    }
}
