package dev.tightrope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.FindingStatus;
import dev.tightrope.domain.StoredFinding;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.DemoWorkspace;
import dev.tightrope.service.Tightrope;
import java.nio.file.Path;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Triage in the asset detail of the demo estate: accept, see it accepted, reopen; suppress; the demo's acceptance about to expire. */
@ExtendWith(ApplicationExtension.class)
class FindingsTriageViewTest {
    static final Urn CHARGEBACKS = Urn.parse("tr:dataset:openlineage:s3://kestrel-datalake/curated/chargebacks");

    @TempDir
    static Path dir;

    Tightrope tightrope;
    ConsoleFixture console;

    @Start
    void start(Stage stage) {
        tightrope = ConsoleFixture.workspace(dir.resolve("ws-" + System.nanoTime()), 0);
        new DemoWorkspace(tightrope).load(SyncListener.NONE, new Cancellation());
        console = ConsoleFixture.show(tightrope, stage);
    }

    @AfterEach
    void close() {
        tightrope.close();
    }

    private void open(FxRobot robot, Urn asset) {
        robot.interact(() -> console.model.revealAsset(asset.toString()));
        ConsoleFixture.waitUntil(() -> robot.lookup("#detail-urn").tryQuery().isPresent()
                && robot.lookup("#detail-urn").queryAs(Label.class).getText().equals(asset.toString()));
    }

    private StoredFinding finding(String locationEnd) {
        return tightrope.findings().list(CHARGEBACKS, null, 10).stream()
                .filter(f -> f.finding().location().endsWith(locationEnd)).findFirst().orElseThrow();
    }

    /**
     * Presses a button of the findings section, which may be below the fold of the detail pane;
     * not waited for, since it may open a dialog that waits for the user.
     */
    private static void press(FxRobot robot, String id) {
        javafx.scene.control.Button b = robot.lookup(id).queryButton();
        org.testfx.util.WaitForAsyncUtils.asyncFx(b::fire);
    }

    private String status(FxRobot robot, long id) {
        return robot.lookup("#finding-status-" + id).tryQuery().map(n -> ((Label) n).getText()).orElse("");
    }

    @Test
    void acceptingAFindingWithAJustificationShowsItAcceptedUntilItsDayAndReopenEndsIt(FxRobot robot) {
        open(robot, CHARGEBACKS);
        long id = finding("fraud_rate_within_baseline").id();
        ConsoleFixture.waitUntil(() -> status(robot, id).equals("Open"));

        press(robot, "#finding-accept-" + id);
        ConsoleFixture.waitUntil(() -> robot.lookup("#triage-justification").tryQuery().isPresent());
        assertThat(robot.lookup("#triage-confirm").queryButton().isDisabled()).as("no justification yet").isTrue();
        ConsoleFixture.waitUntil(() -> robot.lookup("#triage-why-disabled").queryAs(Label.class).getText()
                .contains("Say why the risk is acceptable"));
        robot.interact(() -> robot.lookup("#triage-justification").queryAs(TextArea.class).setText("baseline recalculated in DQ-88"));
        ConsoleFixture.waitUntil(() -> !robot.lookup("#triage-confirm").queryButton().isDisabled());
        robot.clickOn("#triage-confirm");

        ConsoleFixture.waitUntil(() -> status(robot, id).startsWith("Accepted until "));
        assertThat(status(robot, id)).endsWith(": baseline recalculated in DQ-88");
        assertThat(finding("fraud_rate_within_baseline").finding().status()).isEqualTo(FindingStatus.ACCEPTED);
        assertThat(robot.lookup("#finding-accept-" + id).tryQuery()).isEmpty();

        press(robot, "#finding-reopen-" + id);
        ConsoleFixture.waitUntil(() -> status(robot, id).startsWith("Open again: reopened by "));
        assertThat(finding("fraud_rate_within_baseline").finding().status()).isEqualTo(FindingStatus.OPEN);
    }

    @Test
    void suppressingTheRuleForThisAssetShowsWhoSuppressedIt(FxRobot robot) {
        open(robot, CHARGEBACKS);
        long id = finding("no_label_change_after_resolution").id();
        ConsoleFixture.waitUntil(() -> status(robot, id).equals("Open"));

        press(robot, "#finding-suppress-" + id);
        ConsoleFixture.waitUntil(() -> robot.lookup("#triage-justification").tryQuery().isPresent());
        robot.interact(() -> robot.lookup("#triage-justification").queryAs(TextArea.class).setText("checks under review in DQ-91"));
        ConsoleFixture.waitUntil(() -> !robot.lookup("#triage-confirm").queryButton().isDisabled());
        robot.clickOn("#triage-confirm");

        ConsoleFixture.waitUntil(() -> status(robot, id).startsWith("Suppressed by "));
        assertThat(status(robot, id)).endsWith("(data-quality.assertion-failed on " + CHARGEBACKS + "): checks under review in DQ-91");
        assertThat(tightrope.findings().suppressions()).singleElement()
                .satisfies(s -> assertThat(s.urnPattern()).isEqualTo(CHARGEBACKS.toString()));
    }

    @Test
    void theDemosAcceptedFindingSaysItIsAboutToExpire(FxRobot robot) {
        open(robot, DemoWorkspace.ACCEPTED_ASSET);
        long id = tightrope.findings().expiring(java.time.Duration.ofDays(14), 1).get(0).findingId();
        ConsoleFixture.waitUntil(() -> status(robot, id).contains("about to expire"));
        assertThat(status(robot, id)).contains("by dana.whitfield@kestrel.example");
        assertThat(robot.lookup("#finding-status-" + id).queryAs(Label.class).getStyleClass()).contains("text-warning");
    }
}
