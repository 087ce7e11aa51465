package dev.tightrope.ui.overview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.ui.common.TestConsole;
import dev.tightrope.ui.shell.AppModel;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class OverviewViewModelTest {
    @TempDir
    Path dir;
    private TestConsole console;

    @AfterEach
    void close() {
        console.close();
    }

    @Test
    void anEmptyWorkspaceIsEmpty() {
        console = TestConsole.open(dir.resolve("ws"), 0);
        OverviewViewModel vm = new OverviewViewModel(console.app);
        vm.refresh();
        assertThat(OverviewViewModel.isEmpty(vm.overviewProperty().get())).isTrue();
    }

    @Test
    void theNumbersOfTheEstate() {
        console = TestConsole.open(dir.resolve("ws"), 200);
        OverviewViewModel vm = new OverviewViewModel(console.app);
        vm.refresh();
        var o = vm.overviewProperty().get();
        assertThat(o.assets()).isEqualTo(200);
        assertThat(o.sources()).isEqualTo(1);
        assertThat(o.unowned()).isPositive().isLessThan(200);
        assertThat(o.attention()).hasSizeLessThanOrEqualTo(OverviewViewModel.ATTENTION);
        assertThat(vm.loadErrorProperty().get()).isNull();
    }

    @Test
    void anOverviewThatCannotBeReadSaysWhy() {
        console = TestConsole.open(dir.resolve("ws"), 5);
        OverviewViewModel vm = new OverviewViewModel(console.app);
        console.tightrope.close();
        vm.refresh();
        assertThat(vm.overviewProperty().get()).isNull();
        assertThat(vm.loadErrorProperty().get()).startsWith("The overview could not be read:").contains("closed");
        assertThat(console.errors()).hasSize(1);
    }

    @Test
    void revealingAnAttentionItemOpensTheInventory() {
        console = TestConsole.open(dir.resolve("ws"), 50);
        OverviewViewModel vm = new OverviewViewModel(console.app);
        vm.refresh();
        String urn = vm.overviewProperty().get().attention().get(0).urn();
        vm.reveal(urn);
        assertThat(console.app.viewProperty().get()).isEqualTo(AppModel.View.INVENTORY);
        assertThat(console.app.inventoryTargetProperty().get().urn()).isEqualTo(urn);
    }

    @Test
    void loadingTheDemoFillsTheWorkspace() {
        console = TestConsole.open(dir.resolve("ws"), 0);
        OverviewViewModel vm = new OverviewViewModel(console.app);
        vm.loadDemo();
        vm.refresh();
        assertThat(OverviewViewModel.isEmpty(vm.overviewProperty().get())).isFalse();
        assertThat(vm.overviewProperty().get().sources()).isEqualTo(dev.tightrope.service.DemoWorkspace.SOURCES.size());
        assertThat(console.app.busyProperty().get()).isFalse();
    }
}
