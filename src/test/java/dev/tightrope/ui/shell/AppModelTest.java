package dev.tightrope.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.ui.common.TestConsole;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The shell's own commands: syncs, search, diagnostics. */
@Timeout(120)
class AppModelTest {
    @TempDir
    Path dir;
    private TestConsole console;

    @AfterEach
    void close() {
        console.close();
    }

    @Test
    void aSyncReportsItsSummaryAndBumpsTheDataVersion() {
        console = TestConsole.open(dir.resolve("ws"), 30);
        int before = console.app.dataVersionProperty().get();
        console.app.syncAll();
        assertThat(console.notifications.statusProperty().get()).isEqualTo("Synced 1 source, 30 assets");
        assertThat(console.app.dataVersionProperty().get()).isGreaterThan(before);
        assertThat(console.app.busyProperty().get()).isFalse();
        assertThat(console.app.jobTitleProperty().get()).isNull();
    }

    @Test
    void searchFindsByNameAndOpeningRevealsInTheInventory() {
        console = TestConsole.open(dir.resolve("ws"), 200);
        SearchViewModel search = new SearchViewModel(console.app);
        search.search("fraud");
        assertThat(search.results()).isNotEmpty();
        assertThat(search.shownForProperty().get()).isEqualTo("fraud");
        assertThat(search.summaryProperty().get()).contains("matches");
        search.open(search.results().get(0));
        assertThat(console.app.viewProperty().get()).isEqualTo(AppModel.View.INVENTORY);
        search.search("  ");
        assertThat(search.results()).isEmpty();
        assertThat(search.shownForProperty().get()).isNull();
        search.search("zzzz-nothing-like-it");
        assertThat(search.summaryProperty().get()).isEqualTo("No asset matches “zzzz-nothing-like-it”");
    }

    @Test
    void diagnosticsSayWhatRunsWhereWithoutSecrets() {
        console = TestConsole.open(dir.resolve("ws"), 10);
        console.notifications.error("Reading the overview failed", new IllegalStateException("disk I/O error"));
        AtomicReference<String> text = new AtomicReference<>();
        console.app.collectDiagnostics(text::set);
        assertThat(text.get()).contains("Tightrope diagnostics", "java: ", "workspace: " + console.tightrope.workspace().root(),
                "cache.db: ", "estate [synthetic] 10 assets", "Reading the overview failed: disk I/O error");
    }

    @Test
    void diagnosticsHideSettingsThatLookSecret() {
        console = TestConsole.open(dir.resolve("ws"), 0);
        var hub = new dev.tightrope.domain.SourceStatus(new dev.tightrope.domain.SourceConfig("hub", "huggingface",
                java.util.Map.of("org", "kestrel", "token", "HF_TOKEN", "apiKey", "sk-live-123")), null, 3, 0);
        String text = Diagnostics.text(new Diagnostics.Facts("0.1.0", dir, null, java.util.List.of(hub), false, null,
                java.util.List.of(), java.util.List.of(), java.time.Instant.EPOCH));
        assertThat(text).contains("hub [huggingface] 3 assets", "org = kestrel", "token = (hidden)", "apiKey = (hidden)", "log: none");
        assertThat(text).doesNotContain("HF_TOKEN", "sk-live-123");
    }
}
