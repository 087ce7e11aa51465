package dev.tightrope.ui.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.ui.common.Notice;
import dev.tightrope.ui.common.TestConsole;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class AuditViewModelTest {
    @TempDir
    Path dir;
    private TestConsole console;
    private AuditViewModel vm;

    @BeforeEach
    void open() {
        console = TestConsole.open(dir.resolve("ws"), 20);
        console.tightrope.sources().sync("estate", false, SyncListener.NONE, new Cancellation());
        vm = new AuditViewModel(console.app);
        vm.search();
    }

    @AfterEach
    void close() {
        console.close();
    }

    @Test
    void theWholeLogExportsAsCsvAndTheExportIsLogged() throws Exception {
        long before = console.tightrope.audit().size();
        java.nio.file.Path file = dir.resolve("audit.csv");
        vm.export(file);
        java.util.List<String> lines = java.nio.file.Files.readAllLines(file);
        assertThat(lines.get(0)).isEqualTo("index,time,actor,action,subject,details");
        assertThat(lines).hasSize((int) before + 1);
        assertThat(console.notifications.statusProperty().get()).isEqualTo("Exported " + before + " entries to " + file);
        assertThat(console.tightrope.audit().size()).isEqualTo(before + 1);
    }

    @Test
    void entriesNewestFirstAndFilteredByActionFamily() {
        assertThat(vm.entries()).extracting(e -> e.event().action()).containsExactly("sync.run", "sync.run", "source.add");
        assertThat(vm.sizeProperty().get()).isEqualTo(3);
        assertThat(vm.hasOlderProperty().get()).isFalse();
        vm.actionProperty().set("source.");
        vm.search();
        assertThat(vm.entries()).singleElement().satisfies(e -> assertThat(e.event().subject()).isEqualTo("estate"));
    }

    @Test
    void aDayRangeEndingBeforeItStartsIsAnErrorNotAnEmptyList() {
        vm.fromProperty().set(LocalDate.of(2026, 12, 3));
        vm.toProperty().set(LocalDate.of(2026, 12, 1));
        vm.search();
        assertThat(console.errors()).singleElement().satisfies(n -> assertThat(n.title()).isEqualTo("The audit filter is not valid"));
        assertThat(vm.entries()).hasSize(3);
    }

    @Test
    void pagingGoesOlderAndNewer() {
        for (int i = 0; i < AuditViewModel.PAGE + 5; i++) {
            console.tightrope.sources().sync("estate", false, SyncListener.NONE, new Cancellation());
        }
        vm.search();
        assertThat(vm.entries()).hasSize(AuditViewModel.PAGE);
        assertThat(vm.hasOlderProperty().get()).isTrue();
        vm.older();
        assertThat(vm.offsetProperty().get()).isEqualTo(AuditViewModel.PAGE);
        assertThat(vm.entries()).hasSize(8);
        assertThat(vm.entries().get(vm.entries().size() - 1).event().action()).isEqualTo("source.add");
        vm.newer();
        assertThat(vm.offsetProperty().get()).isZero();
    }

    @Test
    void verifyingAnIntactLogSaysSoAndATamperedOneRaisesAnError() throws Exception {
        vm.verify();
        assertThat(vm.statusProperty().get().intact()).isTrue();
        assertThat(console.notifications.statusProperty().get()).isEqualTo("Audit log intact: 3 entries");
        assertThat(vm.verifyingProperty().get()).isFalse();
        assertThat(vm.verdictProperty().get().headline())
                .isEqualTo("The log is intact: 3 entries, every entry matches its signed leaf; no checkpoint has been signed yet.");

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ws").resolve("cache.db"));
             Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER audit_log_no_update");
            s.executeUpdate("UPDATE audit_log SET subject = 'someone-else' WHERE action = 'source.add'");
        }
        vm.verify();
        assertThat(vm.statusProperty().get().intact()).isFalse();
        assertThat(console.errors()).singleElement().satisfies(n -> {
            assertThat(n.level()).isEqualTo(Notice.Level.ERROR);
            assertThat(n.title()).isEqualTo("The audit log has been tampered with");
            assertThat(n.message()).contains("entry 0 was edited");
        });
        assertThat(vm.verdictProperty().get().intact()).isFalse();
        assertThat(vm.verdictProperty().get().headline())
                .isEqualTo("The log has been tampered with: entry 0 was edited: what it says now differs from what was signed.");
    }

    @Test
    void signingACheckpointVerifiesAgainstIt() {
        vm.signCheckpoint();
        assertThat(vm.statusProperty().get().checkpointsVerified()).isPositive();
        assertThat(console.notifications.statusProperty().get()).startsWith("Signed a checkpoint at 3 entries");
        AuditViewModel.Verdict verdict = vm.verdictProperty().get();
        assertThat(verdict.headline()).startsWith("The log is intact: 3 entries, every entry matches its signed leaf, "
                + "the tree root matches checkpoint #1 (3 entries) signed " + java.time.LocalDate.now().getYear())
                .endsWith(" by the workspace's log key.");
        assertThat(verdict.notes()).isEmpty();

        console.tightrope.sources().sync("estate", false, SyncListener.NONE, new Cancellation());
        vm.verify();
        assertThat(vm.verdictProperty().get().notes()).containsExactly(
                "1 newer entry is not in a signed checkpoint yet; Sign checkpoint to seal it.");
    }

    @Test
    void problemsAreSaidInWords() {
        assertThat(AuditViewModel.inWords(new Problem("entry 4", "the leaf records another position (rows reordered or renumbered)")))
                .isEqualTo("entry 4 was moved: it was recorded at another position");
        assertThat(AuditViewModel.inWords(new Problem("entry 9", "missing: the next stored entry is 11 (entries deleted)")))
                .isEqualTo("entry 9 is missing: entries were deleted");
        assertThat(AuditViewModel.inWords(new Problem("checkpoint 13", "signs 13 entries but the log has only 10: entries were deleted (log truncated)")))
                .isEqualTo("entries were deleted: the checkpoint at 13 entries signed more than the log holds now");
        assertThat(AuditViewModel.inWords(new Problem("checkpoints 3 -> 13", "not consistent: the log was rewritten between these checkpoints")))
                .isEqualTo("the log was rewritten between the checkpoints at 3 and 13 entries");
    }

    @Test
    void theActionChoicesHaveNoBlankEntry() {
        assertThat(AuditViewModel.actionChoices()).doesNotContain("").contains("approval.", "approval.sign", "sync.run");
    }

    @Test
    void subjectsAreNamedByTheAssetsTheyStandFor() throws Exception {
        Path models = dir.resolve("models").resolve("adapter");
        java.nio.file.Files.createDirectories(models);
        java.nio.file.Files.write(models.resolve("weights.bin"), new byte[] {(byte) 0x80, 0x02, 'N', '.'});
        String source = console.tightrope.sources().ensureModelFilesSource(dir.resolve("models"));
        console.tightrope.sources().sync(source, true, SyncListener.NONE, new Cancellation());
        var file = console.tightrope.inventory().list(dev.tightrope.domain.AssetFilter.all().withSource(source),
                dev.tightrope.domain.AssetSort.byName(), 10).stream().filter(a -> a.name().endsWith("weights.bin")).findFirst().orElseThrow();
        String digest = console.tightrope.inventory().find(dev.tightrope.domain.Urn.parse(file.urn())).orElseThrow().asset().digest().toString();
        var model = console.tightrope.inventory().list(dev.tightrope.domain.AssetFilter.all().withSource("estate"),
                dev.tightrope.domain.AssetSort.byName(), 1).get(0);
        console.tightrope.audit().record("reviewer", "approval.sign", digest, java.util.Map.of("decision", "approve"));
        console.tightrope.audit().record("reviewer", "note.add", model.urn(), java.util.Map.of("text", "checked"));
        console.tightrope.audit().record("reviewer", "note.add", "tr:model:nowhere:gone", java.util.Map.of());

        vm.search();
        assertThat(vm.subjectText(digest)).isEqualTo(file.name());
        assertThat(vm.subjects().get(digest).urn()).isEqualTo(file.urn());
        assertThat(vm.subjectText(model.urn())).isEqualTo(model.name());
        assertThat(vm.subjectText("tr:model:nowhere:gone")).as("unknown: as recorded").isEqualTo("tr:model:nowhere:gone");
        assertThat(vm.subjectText("estate")).isEqualTo("estate");
    }

    @Test
    void anEntryInFullHasItsTimeToTheMillisecondWithItsZoneAndItsLeafHash() {
        var entry = vm.entries().get(0);
        vm.selectedProperty().set(entry);
        assertThat(AuditViewModel.fullTime(java.time.Instant.parse("2026-03-04T10:22:33.123Z")))
                .matches("2026-03-0[45] \\d\\d:\\d\\d:33\\.123 .+ \\(UTC([+-]\\d\\d:\\d\\d|Z)\\)");
        assertThat(AuditViewModel.tableTime(java.time.Instant.parse("2026-03-04T10:22:33.123Z"))).matches("2026-03-0[45] \\d\\d:\\d\\d:33");
        assertThat(AuditViewModel.leafHash(entry)).hasSize(64).isEqualTo(java.util.HexFormat.of().formatHex(entry.leafHash()));
        vm.actionProperty().set("source.");
        vm.search();
        assertThat(vm.selectedProperty().get()).as("an entry no longer on the page is no longer shown").isNull();
    }
}
