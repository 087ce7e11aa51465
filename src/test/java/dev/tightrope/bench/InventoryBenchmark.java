package dev.tightrope.bench;

import atlantafx.base.theme.PrimerLight;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.service.Tightrope;
import dev.tightrope.sync.ConnectorRegistry;
import dev.tightrope.testing.Executables;
import dev.tightrope.ui.shell.AppModel;
import dev.tightrope.ui.shell.MainWindow;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.stage.Stage;

/**
 * Opens the console's inventory on a large cache (the ingest benchmark's 1M assets), measures
 * the time from JVM start to the first window showing loaded rows, then scrolls from top to
 * bottom in steps and prints the peak heap. Run in a JVM with {@code -Xmx512m} (the
 * {@code Benchmarks inventory} launcher forks one) so "heap under 512 MB" is enforced, not
 * estimated. Targets: first window under 2 s, heap under 512 MB.
 *
 * <p>Arguments: {@code <workspaceDir> [scrollSteps]} (default 400 steps).
 */
public final class InventoryBenchmark {

    /** Forks this benchmark in a JVM limited to 512 MB of heap, headless, and relays its output. */
    public static int fork(Path workspace, int steps) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Executables.currentJava().toString(),
                "-Xmx512m", "-Dglass.platform=Monocle", "-Dmonocle.platform=Headless", "-Dprism.order=sw",
                "-Dheadless.geometry=1920x1200-32", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), InventoryBenchmark.class.getName(), workspace.toString(),
                String.valueOf(steps)));
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        try {
            return p.waitFor();
        } finally {
            p.destroyForcibly();
        }
    }

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        Path dir = Path.of(args[0]);
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        long mainAt = System.currentTimeMillis() - jvmStart;
        // as the console does: the cache opens while the toolkit starts
        var opening = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> Tightrope.open(dir, new ConnectorRegistry(List.of(SyntheticEstate.factory()))));
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        long fxAt = System.currentTimeMillis() - jvmStart;
        Tightrope t = opening.join();
        long openAt = System.currentTimeMillis() - jvmStart;
        AtomicReference<TableView<AssetSummary>> tableRef = new AtomicReference<>();
        AtomicReference<AppModel> modelRef = new AtomicReference<>();
        Platform.runLater(() -> {
            Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
            var notifications = new dev.tightrope.ui.common.NotificationCenter();
            AppModel model = new AppModel(t, dev.tightrope.ui.common.UiExecutor.fx(notifications::error), notifications);
            model.show(AppModel.View.INVENTORY);
            MainWindow window = new MainWindow(model, null);
            Stage stage = new Stage();
            stage.setScene(new Scene(window.root(), 1500, 950));
            stage.show();
            modelRef.set(model);
            tableRef.set(findTable(window.root()));
        });
        TableView<AssetSummary> table = await(tableRef);
        long shownAt = System.currentTimeMillis() - jvmStart;
        long rows = awaitRows(table);
        long firstWindow = System.currentTimeMillis() - jvmStart;
        System.out.printf("inventory: window shown %,d ms after JVM start (main %,d, JavaFX up %,d, cache open %,d); "
                + "%,d rows listed at %,d ms (ids at %,d ms; target < 2000 ms)%n", shownAt, mainAt, fxAt, openAt, rows, firstWindow, idsAt);

        long scrollStart = System.nanoTime();
        for (int i = 0; i <= steps; i++) {
            int index = (int) Math.min(rows - 1, rows * i / steps);
            CountDownLatch done = new CountDownLatch(1);
            Platform.runLater(() -> {
                table.scrollTo(index);
                done.countDown();
            });
            done.await();
            waitForRow(table, index);
        }
        double scrollSeconds = (System.nanoTime() - scrollStart) / 1e9;
        System.gc();
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        long max = Runtime.getRuntime().maxMemory();
        System.out.printf("inventory: scrolled top to bottom in %d steps in %.1f s (%.1f ms per jump incl. page load)%n",
                steps, scrollSeconds, scrollSeconds * 1000 / (steps + 1));
        System.out.printf("inventory: peak heap %,d MB of a %,d MB limit (target < 512 MB)%n", peak >> 20, max >> 20);
        Platform.exit();
        t.close();
        System.exit(0);
    }

    @SuppressWarnings("unchecked")
    private static TableView<AssetSummary> findTable(javafx.scene.Parent root) {
        return (TableView<AssetSummary>) root.lookup("#inventory-table");
    }

    private static <T> T await(AtomicReference<T> ref) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ref.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return ref.get();
    }

    /** When the id list arrived (before the first page of rows). */
    private static volatile long idsAt;

    private static long awaitRows(TableView<AssetSummary> table) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            AtomicReference<Long> n = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            Platform.runLater(() -> {
                int size = table.getItems().size();
                if (size > 0 && idsAt == 0) {
                    idsAt = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
                }
                n.set(size > 0 && table.getItems().get(0).id() > 0 ? (long) size : -1L);
                done.countDown();
            });
            done.await();
            if (n.get() > 0) {
                return n.get();
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("the inventory did not load");
    }

    private static void waitForRow(TableView<AssetSummary> table, int index) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            AtomicReference<Boolean> loaded = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            Platform.runLater(() -> {
                loaded.set(table.getItems().get(index).id() > 0);
                done.countDown();
            });
            done.await();
            if (loaded.get()) {
                return;
            }
            Thread.sleep(1);
        }
        throw new IllegalStateException("row " + index + " did not load");
    }
}
