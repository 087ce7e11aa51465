package dev.tightrope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.FindingStatus;
import dev.tightrope.domain.Severity;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.Tightrope;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** A model file's findings show in the detail pane, and "Rescan" re-reads it with progress in the status bar. */
@ExtendWith(ApplicationExtension.class)
class ScanFromConsoleTest {

    @TempDir
    static Path dir;

    Tightrope tightrope;
    ConsoleFixture console;
    Path model;

    @Start
    void start(Stage stage) throws Exception {
        Path root = dir.resolve("run-" + System.nanoTime());
        model = root.resolve("models").resolve("adapter");
        Files.createDirectories(model);
        Files.copy(Path.of("sample-data/models/support-chat-adapter/adapter_model.bin"), model.resolve("adapter_model.bin"));
        tightrope = Tightrope.open(root.resolve("ws"));
        String source = tightrope.sources().ensureModelFilesSource(root.resolve("models"));
        tightrope.sources().sync(source, true, SyncListener.NONE, new Cancellation());
        console = ConsoleFixture.show(tightrope, stage);
    }

    @AfterEach
    void close() {
        tightrope.close();
    }

    @Test
    void findingsShowAndRescanPicksUpTheFixedFile(FxRobot robot) throws Exception {
        Urn file = Urn.of(AssetKind.MODEL_ARTIFACT, "model-files", model.resolve("adapter_model.bin").toAbsolutePath().toString());
        robot.interact(() -> console.model.revealAsset(file.toString()));
        ConsoleFixture.waitUntil(() -> robot.lookup("#detail-name").tryQuery().isPresent()
                && robot.lookup("#detail-name").queryAs(Label.class).getText().equals("adapter/adapter_model.bin"));
        assertThat(robot.lookup("#detail-findings").lookup(".severity-critical").tryQuery()).isPresent();
        assertThat(robot.lookup("#scan-asset").queryAs(Button.class).getText()).isEqualTo("Rescan");

        // the team replaces the payload with a clean pickle (protocol 2: None)
        Files.write(model.resolve("adapter_model.bin"), new byte[] {(byte) 0x80, 0x02, 'N', '.'});
        ConsoleFixture.scrollIntoView(robot, "#scan-asset");
        // nothing in the detail (long digests, control titles) widens it past its pane
        javafx.scene.layout.Region detail = robot.lookup("#asset-detail").queryAs(javafx.scene.layout.Region.class);
        javafx.scene.Parent pane = detail.getParent();
        while (!(pane instanceof javafx.scene.control.ScrollPane)) {
            pane = pane.getParent();
        }
        assertThat(detail.getWidth()).isLessThanOrEqualTo(((javafx.scene.control.ScrollPane) pane).getViewportBounds().getWidth() + 1);
        robot.clickOn("#scan-asset");
        ConsoleFixture.waitUntil(() -> !console.model.busyProperty().get()
                && tightrope.inventory().detail(file).orElseThrow().findings().stream()
                        .allMatch(f -> f.finding().status() == FindingStatus.RESOLVED));
        assertThat(tightrope.inventory().find(file).orElseThrow().asset().properties()).containsEntry("verdict", "SAFE");
        assertThat(tightrope.inventory().list(dev.tightrope.domain.AssetFilter.all(), dev.tightrope.domain.AssetSort.byName(), 10))
                .allSatisfy(a -> assertThat(a.worstFinding()).isNotEqualTo(Severity.CRITICAL));
    }

    @Test
    @SuppressWarnings("unchecked")
    void scanningAFolderShowsTheVerdictsAndKeepsItOnlyWhenAsked(FxRobot robot) throws Exception {
        Path other = dir.resolve("other-" + System.nanoTime()).resolve("chat");
        Files.createDirectories(other);
        Files.copy(Path.of("sample-data/models/support-chat-adapter/adapter_model.bin"), other.resolve("adapter_model.bin"));
        int sources = tightrope.sources().list().size();
        robot.interact(() -> console.model.scanModelFiles(other));
        ConsoleFixture.waitUntil(() -> robot.lookup("#scan-files").tryQuery().isPresent());
        javafx.scene.control.TableView<dev.tightrope.service.ScanService.FileVerdict> files =
                robot.lookup("#scan-files").queryAs(javafx.scene.control.TableView.class);
        assertThat(files.getItems()).singleElement().satisfies(f -> assertThat(f.verdict()).isEqualTo("DANGEROUS"));
        assertThat(robot.lookup("#scan-summary").queryAs(Label.class).getText()).contains("1 dangerous", "Nothing was loaded");
        assertThat(tightrope.sources().list()).as("nothing is kept before the user says so").hasSize(sources);
        robot.clickOn("#scan-keep");
        ConsoleFixture.waitUntil(() -> !console.model.busyProperty().get() && tightrope.sources().list().size() == sources + 1);

        // the same folder again: it is a source now, so the dialog offers to sync it instead of adding another
        robot.interact(() -> console.model.scanModelFiles(other));
        ConsoleFixture.waitUntil(() -> robot.lookup("#scan-overlap").tryQuery().isPresent());
        assertThat(robot.lookup("#scan-keep").queryButton().getText()).startsWith("Sync scan-chat");
        robot.clickOn("#scan-close");
        assertThat(tightrope.sources().list()).hasSize(sources + 1);
    }
}
