package dev.tightrope.ui.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.Cancellation;
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
            assertThat(n.message()).contains("entry 0");
        });
    }

    @Test
    void signingACheckpointVerifiesAgainstIt() {
        vm.signCheckpoint();
        assertThat(vm.statusProperty().get().checkpointsVerified()).isPositive();
        assertThat(console.notifications.statusProperty().get()).startsWith("Signed a checkpoint at 3 entries");
    }
}
