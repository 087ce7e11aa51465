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
        assertThat(search.hits()).isNotEmpty();
        assertThat(search.shownForProperty().get()).isEqualTo("fraud");
        assertThat(search.summaryProperty().get()).contains("matches");
        search.open(search.hits().get(0));
        assertThat(console.app.viewProperty().get()).isEqualTo(AppModel.View.INVENTORY);
        search.search("  ");
        assertThat(search.rows()).isEmpty();
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

    /** A folder with the demo's backdoored adapter (a pickle that runs code when loaded) and a clean config. */
    private java.nio.file.Path modelFolder() throws java.io.IOException {
        java.nio.file.Path model = dir.resolve("models").resolve("adapter");
        java.nio.file.Files.createDirectories(model);
        java.nio.file.Files.copy(java.nio.file.Path.of("sample-data/models/support-chat-adapter/adapter_model.bin"),
                model.resolve("adapter_model.bin"));
        java.nio.file.Files.writeString(model.resolve("config.json"), "{\"layers\": 4}\n");
        return model;
    }

    @Test
    void scanningAFolderShowsItsVerdictsAndKeepsNothingUntilAsked() throws java.io.IOException {
        console = TestConsole.open(dir.resolve("ws"), 0);
        java.nio.file.Path model = modelFolder();
        AtomicReference<AppModel.FolderScan> shown = new AtomicReference<>();
        console.app.folderScanProperty().addListener((obs, old, scan) -> shown.set(scan));
        console.app.scanModelFiles(model);
        AppModel.FolderScan scan = shown.get();
        assertThat(scan.outcome().worstVerdict()).isEqualTo("DANGEROUS");
        assertThat(scan.outcome().fileVerdicts()).first().satisfies(f -> {
            assertThat(f.name()).endsWith("adapter_model.bin");
            assertThat(f.verdict()).isEqualTo("DANGEROUS");
            assertThat(f.findings()).isNotEmpty();
        });
        assertThat(scan.overlappingSources()).isEmpty();
        assertThat(console.notifications.statusProperty().get()).startsWith("Scanned 2 files in adapter: 1 dangerous");
        assertThat(console.tightrope.sources().list()).as("nothing kept yet").isEmpty();

        console.app.keepScannedFolder(scan);
        assertThat(console.tightrope.sources().list()).singleElement()
                .satisfies(s -> assertThat(s.config().type()).isEqualTo("model-files"));
        assertThat(console.tightrope.inventory().overview(5).openFindingsBySeverity()).isNotEmpty();
    }

    @Test
    void scanningAFolderASourceAlreadyCoversSaysWhichSource() throws java.io.IOException {
        console = TestConsole.open(dir.resolve("ws"), 0);
        java.nio.file.Path model = modelFolder();
        String source = console.tightrope.sources().ensureModelFilesSource(model.getParent());
        AtomicReference<AppModel.FolderScan> shown = new AtomicReference<>();
        console.app.folderScanProperty().addListener((obs, old, scan) -> shown.set(scan));
        console.app.scanModelFiles(model);
        assertThat(shown.get().overlappingSources()).containsExactly(source);
    }
}
