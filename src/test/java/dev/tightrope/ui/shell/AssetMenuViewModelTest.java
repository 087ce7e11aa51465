package dev.tightrope.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetSort;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.ui.common.AssetRef;
import dev.tightrope.ui.common.TestConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What an asset's context menu learns from the cache and does. */
@Timeout(120)
class AssetMenuViewModelTest {
    @TempDir
    Path dir;
    private TestConsole console;

    @AfterEach
    void close() {
        console.close();
    }

    @Test
    void anAssetIsCompletedWithItsNameAndDigestAndOpensInTheInventory() throws Exception {
        console = TestConsole.open(dir.resolve("ws"), 10);
        Files.createDirectories(dir.resolve("models"));
        Files.write(dir.resolve("models").resolve("weights.bin"), new byte[] {(byte) 0x80, 0x02, 'N', '.'});
        String source = console.tightrope.sources().ensureModelFilesSource(dir.resolve("models"));
        console.tightrope.sources().sync(source, true, SyncListener.NONE, new Cancellation());
        var file = console.tightrope.inventory().list(AssetFilter.all().withSource(source), AssetSort.byName(), 1).get(0);
        AssetMenuViewModel menu = new AssetMenuViewModel(console.app);

        AtomicReference<AssetRef> completed = new AtomicReference<>();
        menu.complete(AssetRef.of(file.urn(), null), completed::set);
        assertThat(completed.get().name()).isEqualTo(file.name());
        assertThat(completed.get().digest()).startsWith("sha256:").hasSize(71);

        menu.complete(AssetRef.of("tr:model:nowhere:gone", "gone"), completed::set);
        assertThat(completed.get()).as("an asset the cache does not know keeps what the row knew")
                .isEqualTo(AssetRef.of("tr:model:nowhere:gone", "gone"));
        menu.complete(AssetRef.of("not a urn", null), completed::set);
        assertThat(completed.get().urn()).isEqualTo("not a urn");

        menu.copied("digest", completed.get());
        assertThat(console.notifications.statusProperty().get()).isEqualTo("Copied the digest of not a urn");
        menu.open(file.urn());
        assertThat(console.app.viewProperty().get()).isEqualTo(AppModel.View.INVENTORY);
        assertThat(console.app.inventoryTargetProperty().get().urn()).isEqualTo(file.urn());
        assertThat(console.app.inventoryTargetProperty().get().filter()).as("the inventory's filters are kept").isNull();
    }
}
