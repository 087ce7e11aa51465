package dev.tightrope.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AuditQuery;
import dev.tightrope.service.ShadowService;
import dev.tightrope.service.Tightrope;
import dev.tightrope.ui.shell.AppModel;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Shadow AI view on a real console: from an empty workspace to the demo laptop, and approving a server into the allowlist. */
@ExtendWith(ApplicationExtension.class)
class ShadowViewTest {

    @TempDir
    static Path dir;

    Tightrope tightrope;
    ConsoleFixture console;

    @Start
    void start(Stage stage) {
        tightrope = ConsoleFixture.workspace(dir.resolve("ws-" + System.nanoTime()), 0);
        console = ConsoleFixture.show(tightrope, stage);
    }

    @AfterEach
    void close() {
        tightrope.close();
    }

    @SuppressWarnings("unchecked")
    private static TableView<ShadowService.Server> table(FxRobot robot) {
        return robot.lookup("#shadow-table").queryAs(TableView.class);
    }

    private static ShadowService.Server row(FxRobot robot, String name) {
        return table(robot).getItems().stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    @Test
    void fromTheEmptyStateToTheDemoLaptopThenApprovingAServer(FxRobot robot) {
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT7).release(KeyCode.DIGIT7, KeyCode.CONTROL);
        ConsoleFixture.waitUntil(() -> robot.lookup("#shadow-empty").tryQuery().map(n -> n.isVisible()).orElse(false));

        robot.clickOn("#shadow-load-demo");
        ConsoleFixture.waitUntil(() -> !console.model.busyProperty().get());
        robot.interact(() -> console.model.show(AppModel.View.SHADOW));
        ConsoleFixture.waitUntil(() -> robot.lookup("#shadow-table").tryQuery().isPresent() && !table(robot).getItems().isEmpty());
        int all = table(robot).getItems().size();
        assertThat(robot.lookup("#shadow-chip-all").queryAs(ToggleButton.class).getText()).isEqualTo("All " + all);
        assertThat(robot.lookup("#shadow-chip-name-only").queryAs(ToggleButton.class).getText()).isEqualTo("Name only 2");

        // configured, installed, running: Priya's npx cache holds the filesystem server; her laptop's processes are not this machine's
        List<Label> installed = robot.lookup(".installed-badge").queryAllAs(Label.class).stream().toList();
        assertThat(installed).anySatisfy(b -> {
            assertThat(b.getText()).isEqualTo("installed");
            assertThat(b.getTooltip().getText()).isEqualTo("~/.npm/_npx/3f7a9c1e5b2d4a68/node_modules/@modelcontextprotocol/server-filesystem (2025.8.21)");
        });
        assertThat(installed).anySatisfy(b -> assertThat(b.getText()).isEqualTo("not installed"));
        assertThat(robot.lookup(".running-badge").queryAllAs(Label.class)).isNotEmpty().allSatisfy(b -> {
            assertThat(b.getText()).isIn("unknown", "—");
            if (b.getText().equals("unknown")) {
                assertThat(b.getTooltip().getText()).contains("not the home of the user running Tightrope");
            }
        });

        robot.clickOn("#shadow-chip-name-only");
        ConsoleFixture.waitUntil(() -> table(robot).getItems().size() == 2);
        robot.interact(() -> table(robot).getSelectionModel().select(row(robot, "jira")));
        ConsoleFixture.waitUntil(() -> robot.lookup("#shadow-detail-name").tryQuery()
                .map(n -> ((Label) n).getText().equals("jira")).orElse(false));
        assertThat(robot.lookup("#shadow-places").queryAs(javafx.scene.layout.VBox.class).getChildren()).hasSize(1);
        assertThat(robot.lookup("#shadow-approve").queryAs(Button.class).isDisabled()).isFalse();

        WaitForAsyncUtils.asyncFx(() -> robot.lookup("#shadow-approve").queryButton().fire());
        ConsoleFixture.waitUntil(() -> robot.lookup("#approve-version").tryQuery().isPresent());
        assertThat(robot.lookup("#approve-version").queryAs(TextField.class).getText()).isEqualTo("0.9.1");
        ConsoleFixture.type(robot, "#approve-approver", "Ravi Kapoor");
        robot.clickOn("#approve-ok");

        ConsoleFixture.waitUntil(() -> !console.model.busyProperty().get()
                && robot.lookup("#shadow-chip-name-only").queryAs(ToggleButton.class).getText().equals("Name only 1"));
        robot.clickOn("#shadow-chip-all");
        ConsoleFixture.waitUntil(() -> row(robot, "jira") != null && row(robot, "jira").classification().equals("approved"));
        assertThat(tightrope.audit().entries(new AuditQuery("Ravi Kapoor", ShadowService.APPROVE_ACTION, null, null, null, 0, 5)))
                .hasSize(1);
        assertThat(console.notices()).noneMatch(n -> n.contains("Approving") || n.contains("allowlist"));

        robot.clickOn("#shadow-open-inventory");
        ConsoleFixture.waitUntil(() -> robot.lookup("#inventory-view").tryQuery().isPresent());
        assertThat(console.model.viewProperty().get()).isEqualTo(AppModel.View.INVENTORY);
    }

    @SuppressWarnings("unchecked")
    @Test
    void onTheDemoLaptopTheSkillsSectionShowsThePoisonedSkillsCriticalExfiltration(FxRobot robot) {
        robot.interact(() -> console.model.loadDemo());
        ConsoleFixture.waitUntil(() -> !console.model.busyProperty().get());
        robot.interact(() -> console.model.show(AppModel.View.SHADOW));
        ConsoleFixture.waitUntil(() -> robot.lookup("#shadow-table").tryQuery().isPresent() && !table(robot).getItems().isEmpty());
        ToggleButton skillsTab = robot.lookup("#shadow-section-skills").queryAs(ToggleButton.class);
        ConsoleFixture.waitUntil(() -> !skillsTab.getText().endsWith(" 0"));
        assertThat(robot.lookup("#shadow-section-models").queryAs(ToggleButton.class).getText()).isEqualTo("Local models  0");

        robot.clickOn("#shadow-section-skills");
        ConsoleFixture.waitUntil(() -> robot.lookup("#skills-table").tryQuery().map(n -> n.isVisible()).orElse(false));
        assertThat(robot.lookup("#shadow-table").tryQuery()).isEmpty();
        TableView<ShadowService.Skill> skills = robot.lookup("#skills-table").queryAs(TableView.class);
        assertThat(skillsTab.getText()).isEqualTo("Skills & plugins  " + skills.getItems().size());
        ShadowService.Skill xlsx = skills.getItems().stream().filter(s -> s.name().equals("xlsx-summary")).findFirst().orElseThrow();
        robot.interact(() -> skills.getSelectionModel().select(xlsx));
        ConsoleFixture.waitUntil(() -> robot.lookup("#skills-detail-name").tryQuery()
                .map(n -> ((Label) n).getText().equals("xlsx-summary")).orElse(false));

        List<Label> findings = robot.lookup("#skills-findings").lookup(".label").queryAllAs(Label.class).stream().toList();
        assertThat(findings).anySatisfy(l -> assertThat(l.getText()).startsWith("skill.script-exfiltration · ")
                .contains("fetch_template.sh:"));
        assertThat(robot.lookup("#skills-findings").lookup(".severity-critical").queryAll()).isNotEmpty();
        assertThat(robot.lookup("#skills-bundled").lookup(".executable-badge").queryAll()).hasSize(1);
        assertThat(robot.lookup(".skills-bundled-digest").queryAs(Label.class).getText()).contains("sha256 ");

        // the servers section kept its rows and filters
        robot.clickOn("#shadow-section-servers");
        ConsoleFixture.waitUntil(() -> robot.lookup("#shadow-table").tryQuery().isPresent());
        assertThat(robot.lookup("#skills-table").tryQuery()).isEmpty();
        robot.clickOn("#shadow-section-models");
        ConsoleFixture.waitUntil(() -> robot.lookup("#models-placeholder").tryQuery().map(n -> n.isVisible()).orElse(false));
        assertThat(robot.lookup("#models-placeholder").queryAs(Label.class).getText()).startsWith("No local models found");

        robot.clickOn("#shadow-section-skills");
        robot.clickOn("#skills-open-inventory");
        ConsoleFixture.waitUntil(() -> robot.lookup("#inventory-view").tryQuery().isPresent());
        assertThat(console.model.viewProperty().get()).isEqualTo(AppModel.View.INVENTORY);
    }

    @Test
    void withoutADiscoverySourceTheViewOffersToAddOne(FxRobot robot) {
        robot.clickOn("#nav-shadow");
        ConsoleFixture.waitUntil(() -> robot.lookup("#shadow-empty").tryQuery().isPresent());
        robot.clickOn("#shadow-add-source");
        ConsoleFixture.waitUntil(() -> console.model.viewProperty().get() == AppModel.View.SOURCES);
        assertThat(List.of(console.model.history().backTitleProperty().get())).containsExactly("Shadow AI");
    }
}
