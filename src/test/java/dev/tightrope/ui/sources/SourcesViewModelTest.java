package dev.tightrope.ui.sources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.bench.SyntheticEstate;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.ui.common.TestConsole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Sources view's model, driven as the view drives it. */
@Timeout(120)
class SourcesViewModelTest {
    @TempDir
    Path dir;
    private TestConsole console;
    private SourcesViewModel vm;

    @BeforeEach
    void open() {
        console = TestConsole.open(dir.resolve("ws"), 40);
        vm = new SourcesViewModel(console.app);
        vm.refresh();
    }

    @AfterEach
    void close() {
        console.close();
    }

    @Test
    void refreshListsTheSourcesAndSelectsTheFirstWithItsHistory() {
        assertThat(vm.sources()).extracting(s -> s.config().name()).containsExactly("estate");
        assertThat(vm.selectedProperty().get().assets()).isEqualTo(40);
        assertThat(vm.runs()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(SyncStatus.SUCCEEDED));
        assertThat(vm.selectedRunProperty().get()).isEqualTo(vm.runs().get(0));
        assertThat(vm.problems()).isEmpty();
    }

    @Test
    void addingASourceSyncsItAndReportsIt() {
        vm.add(new SourceConfig("more", SyntheticEstate.TYPE, Map.of("assets", "7", "seed", "9")));
        vm.refresh();
        assertThat(vm.sources()).extracting(s -> s.config().name()).contains("estate", "more");
        assertThat(console.tightrope.sources().runs("more", 10)).singleElement()
                .satisfies(r -> assertThat(r.assetsSeen()).isEqualTo(7));
        assertThat(console.notifications.statusProperty().get()).startsWith("Synced 1 source");
    }

    @Test
    void aSourceWithBadSettingsIsNotAddedAndTheErrorNamesIt() {
        vm.add(new SourceConfig("broken", "openlineage", Map.of()));
        assertThat(console.errors()).singleElement().satisfies(n -> {
            assertThat(n.title()).isEqualTo("The source broken was not added");
            assertThat(n.message()).isNotBlank();
        });
        assertThat(console.tightrope.sources().find("broken")).isEmpty();
    }

    @Test
    void problemsOfTheSelectedRunAreListedWithWhere() throws IOException {
        Path events = dir.resolve("events");
        Files.createDirectories(events);
        Files.writeString(events.resolve("a.ndjson"), "{not json\n");
        vm.add(new SourceConfig("lake", "openlineage", Map.of("path", events.toString())));
        vm.refresh();
        vm.selectedProperty().set(vm.sources().stream().filter(s -> s.config().name().equals("lake")).findFirst().orElseThrow());
        assertThat(vm.problems()).singleElement().satisfies(p -> assertThat(p.location()).contains("a.ndjson:1"));
        assertThat(console.shown()).anySatisfy(t -> assertThat(t).startsWith("lake: 1 record could not be imported"));
    }

    @Test
    void removingASourceKeepsItsAssetsMarkedGone() {
        vm.remove("estate");
        vm.refresh();
        assertThat(vm.sources()).isEmpty();
        assertThat(vm.selectedProperty().get()).isNull();
        assertThat(vm.runs()).isEmpty();
        assertThat(console.notifications.statusProperty().get()).contains("kept and marked gone");
    }

    @Test
    void aPortThatIsNotANumberIsRefusedWithWhatToType() {
        vm.livePortProperty().set("five thousand");
        vm.startLive();
        assertThat(vm.liveRunningProperty().get()).isFalse();
        assertThat(console.errors()).singleElement().satisfies(n -> assertThat(n.hint()).contains("1024 to 65535"));
    }

    @Test
    void theLiveReceiverStartsOnLoopbackAndStops() {
        vm.livePortProperty().set("0");
        vm.startLive();
        assertThat(vm.liveRunningProperty().get()).isTrue();
        assertThat(vm.liveEndpointProperty().get()).startsWith("http://127.0.0.1:").endsWith("/api/v1/lineage");
        assertThat(vm.liveChangingProperty().get()).isFalse();
        var emitter = vm.emitterSettingsProperty().get();
        assertThat(emitter.requiresToken()).as("the console's receiver always asks for its token").isTrue();
        assertThat(emitter.openLineageYml()).contains("api_key", emitter.apiKey());
        assertThat(vm.liveStatusProperty().get().running()).isTrue();
        assertThat(console.shown()).as("the token is never in a notification").noneMatch(t -> t.contains(emitter.apiKey()));
        assertThat(console.notifications.statusProperty().get()).doesNotContain(emitter.apiKey());
        vm.stopLive();
        assertThat(vm.liveRunningProperty().get()).isFalse();
        assertThat(vm.liveEndpointProperty().get()).isNull();
        assertThat(vm.emitterSettingsProperty().get()).isNull();
    }

    private void select(String name) {
        vm.selectedProperty().set(vm.sources().stream().filter(s -> s.config().name().equals(name)).findFirst().orElseThrow());
    }

    @Test
    void testConnectionOfTheSelectedSourceSaysWhatItFound() throws IOException {
        Path events = Files.createDirectories(dir.resolve("events"));
        console.tightrope.sources().add(new SourceConfig("lake", "openlineage", Map.of("path", events.toString())));
        vm.refresh();
        select("lake");
        vm.testSelected();
        assertThat(vm.selectedTest().runningProperty().get()).isFalse();
        assertThat(vm.selectedTest().subjectProperty().get()).isEqualTo("lake");
        assertThat(vm.selectedTest().resultProperty().get()).satisfies(c -> {
            assertThat(c.ok()).isTrue();
            assertThat(ConnectionTest.describe(c)).isEqualTo("Connected: the directory " + events + " can be read");
        });
        assertThat(console.tightrope.sources().runs("lake", 10)).as("a test imports nothing").isEmpty();
    }

    @Test
    void testConnectionOfAMissingPathSaysWhereAndWhy() {
        Path gone = dir.resolve("unmounted/events");
        console.tightrope.sources().add(new SourceConfig("lake", "openlineage", Map.of("path", gone.toString())));
        vm.refresh();
        select("lake");
        vm.testSelected();
        assertThat(vm.selectedTest().resultProperty().get()).satisfies(c -> {
            assertThat(c.ok()).isFalse();
            assertThat(c.location()).isEqualTo(gone.toString());
            assertThat(ConnectionTest.describe(c)).isEqualTo("Failed: " + gone + ": the file or directory does not exist (moved or unmounted?)");
        });
        select("estate");
        assertThat(vm.selectedTest().resultProperty().get()).as("another source's answer is not shown for this one").isNull();
    }

    @Test
    void settingsNotSavedYetCanBeTestedAndNothingIsWritten() {
        ConnectionTest<SourceConfig> test = vm.newConnectionTest();
        test.run("new", new SourceConfig("new", "openlineage", Map.of("path", dir.resolve("nope").toString())));
        assertThat(test.resultProperty().get().ok()).isFalse();
        assertThat(test.resultProperty().get().message()).contains("does not exist");
        test.run("new", new SourceConfig("new", "openlineage", Map.of()));
        assertThat(ConnectionTest.describe(test.resultProperty().get())).contains("misconfigured", "path");
        test.clear();
        assertThat(test.resultProperty().get()).isNull();
        assertThat(console.tightrope.sources().find("new")).isEmpty();
    }

    @Test
    void editingASourceSavesItsSettingsAndLeavesTheSyncToTheUser() throws IOException {
        Path first = Files.createDirectories(dir.resolve("first"));
        Path second = Files.createDirectories(dir.resolve("second"));
        console.tightrope.sources().add(new SourceConfig("lake", "openlineage", Map.of("path", first.toString())));
        vm.update(new SourceConfig("lake", "openlineage", Map.of("path", second.toString())));
        assertThat(console.tightrope.sources().find("lake").orElseThrow().setting("path")).isEqualTo(second.toString());
        assertThat(console.notifications.statusProperty().get()).isEqualTo("Saved lake (path); sync it to read with the new settings");
        assertThat(console.tightrope.sources().runs("lake", 10)).isEmpty();
    }

    @Test
    void anEditWithBadSettingsIsRefusedAndTheErrorNamesTheSource() {
        console.tightrope.sources().add(new SourceConfig("lake", "openlineage", Map.of("path", "/data")));
        vm.update(new SourceConfig("lake", "openlineage", Map.of()));
        assertThat(console.errors()).singleElement().satisfies(n -> {
            assertThat(n.title()).isEqualTo("The settings of lake were not saved");
            assertThat(n.message()).contains("needs --path");
        });
        assertThat(console.tightrope.sources().find("lake").orElseThrow().setting("path")).isEqualTo("/data");
    }

    @Test
    void theProblemsListSaysNeverSyncedOrNoProblemsInTheLastSync() {
        console.tightrope.sources().add(new SourceConfig("lake", "openlineage", Map.of("path", "/data")));
        vm.refresh();
        select("lake");
        assertThat(vm.runs()).isEmpty();
        assertThat(vm.problemsPlaceholderProperty().get()).isEqualTo("Never synced");
        select("estate");
        assertThat(vm.problems()).isEmpty();
        assertThat(vm.problemsPlaceholderProperty().get()).isEqualTo("No problems in the last sync");
    }
}
