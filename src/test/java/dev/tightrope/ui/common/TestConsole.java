package dev.tightrope.ui.common;

import dev.tightrope.bench.SyntheticEstate;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.Tightrope;
import dev.tightrope.sync.ConnectorRegistry;
import dev.tightrope.ui.shell.AppModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The console's model without a toolkit, for view-model tests: a real cache in a temp
 * directory, the real services, and an executor that runs every task on the test's thread
 * (or one the test gives).
 */
public final class TestConsole implements AutoCloseable {
    public final Tightrope tightrope;
    public final NotificationCenter notifications;
    public final UiExecutor executor;
    public final AppModel app;

    private TestConsole(Tightrope tightrope, NotificationCenter notifications, UiExecutor executor) {
        this.tightrope = tightrope;
        this.notifications = notifications;
        this.executor = executor;
        this.app = new AppModel(tightrope, executor, notifications);
    }

    /** The connectors tests use: the synthetic estate and a source that blocks until let go. */
    public static ConnectorRegistry registry() {
        return ConnectorRegistry.defaults().with(SyntheticEstate.factory()).with(BlockingSource.factory());
    }

    /** A workspace at {@code dir} with {@code assets} synthetic assets synced (0: empty), tasks on the calling thread. */
    public static TestConsole open(Path dir, int assets) {
        NotificationCenter notifications = new NotificationCenter();
        return open(dir, assets, notifications, UiExecutor.currentThread(notifications::error));
    }

    /** As {@link #open(Path, int)} with an executor of the test's. */
    public static TestConsole open(Path dir, int assets, NotificationCenter notifications, UiExecutor executor) {
        Tightrope t = Tightrope.open(dir, registry());
        if (assets > 0) {
            t.sources().add(new SourceConfig("estate", SyntheticEstate.TYPE, Map.of("assets", String.valueOf(assets))));
            t.sources().sync("estate", false, SyncListener.NONE, new Cancellation());
        }
        return new TestConsole(t, notifications, executor);
    }

    /** Texts of the warnings and errors on show, newest first. */
    public List<String> shown() {
        return notifications.shown().stream().map(Notice::text).toList();
    }

    public List<Notice> errors() {
        return notifications.shown().stream().filter(n -> n.level() == Notice.Level.ERROR).toList();
    }

    @Override
    public void close() {
        executor.close();
        tightrope.close();
    }
}
