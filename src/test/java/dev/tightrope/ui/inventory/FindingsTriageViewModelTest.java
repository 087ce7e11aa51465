package dev.tightrope.ui.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.domain.AuditQuery;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.FindingStatus;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.DemoWorkspace;
import dev.tightrope.ui.common.TestConsole;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The findings section of the asset detail, driven as its view drives it, on the demo estate. */
@Timeout(120)
class FindingsTriageViewModelTest {
    static final String CHARGEBACKS = "tr:dataset:openlineage:s3://kestrel-datalake/curated/chargebacks";
    static final String USER = System.getProperty("user.name");

    @TempDir
    Path dir;
    TestConsole console;
    InventoryViewModel inventory;
    FindingsTriageViewModel triage;

    @BeforeEach
    void demo() {
        console = TestConsole.open(dir.resolve("ws"), 0);
        new DemoWorkspace(console.tightrope).load(SyncListener.NONE, new Cancellation());
        inventory = new InventoryViewModel(console.app);
        triage = inventory.findings();
    }

    @AfterEach
    void close() {
        console.close();
    }

    /** A write is saved, then the view reads the asset again as it does when the console's data changes. */
    private void saved() {
        inventory.dataChanged();
    }

    private FindingsTriageViewModel.Row row(String locationEnd) {
        return triage.rows().stream().filter(r -> r.details().contains(locationEnd)).findFirst().orElseThrow();
    }

    @Test
    void theDemosAcceptanceShowsWhoAcceptedItUntilWhenAndThatItIsAboutToExpire() {
        inventory.select(DemoWorkspace.ACCEPTED_ASSET.toString());
        FindingsTriageViewModel.Row accepted = triage.rows().stream().filter(r -> r.ruleId().equals("hf-scan-caution"))
                .findFirst().orElseThrow();
        assertThat(accepted.status()).isEqualTo(FindingStatus.ACCEPTED);
        assertThat(accepted.expiresSoon()).isTrue();
        assertThat(accepted.statusText()).startsWith("Accepted until ").contains("(about to expire: in ")
                .contains(" by dana.whitfield@kestrel.example: Support AI serves the safetensors weights only");
        assertThat(accepted.canReopen()).isTrue();
        assertThat(accepted.canAccept()).isFalse();
        assertThat(accepted.canSuppress()).isFalse();
    }

    @Test
    void acceptingWithAJustificationUntilADayShowsTheAcceptanceAndLogsIt() {
        inventory.select(CHARGEBACKS);
        assertThat(triage.rows()).hasSize(3).allSatisfy(r -> assertThat(r.statusText()).isEqualTo("Open"));
        FindingsTriageViewModel.Row baseline = row("fraud_rate_within_baseline");
        assertThat(baseline.canAccept()).isTrue();
        assertThat(baseline.canReopen()).isFalse();

        triage.accept(baseline, "  baseline recalculated in DQ-88 ", LocalDate.now().plusDays(60));
        saved();
        FindingsTriageViewModel.Row accepted = row("fraud_rate_within_baseline");
        assertThat(accepted.status()).isEqualTo(FindingStatus.ACCEPTED);
        assertThat(accepted.statusText()).startsWith("Accepted until " + LocalDate.now().plusDays(60) + " 00:00")
                .endsWith(" by " + USER + ": baseline recalculated in DQ-88");
        assertThat(accepted.expiresSoon()).isFalse();
        assertThat(console.notifications.statusProperty().get()).startsWith("Accepted Data quality check failed: fraud_rate_within_baseline");
        assertThat(console.tightrope.audit().entries(new AuditQuery(null, "finding.accept", CHARGEBACKS, null, null, 0, 5)))
                .singleElement().satisfies(e -> assertThat(e.event().details()).containsEntry("justification", "baseline recalculated in DQ-88"));

        triage.reopen(accepted);
        saved();
        assertThat(row("fraud_rate_within_baseline").statusText()).isEqualTo("Open again: reopened by " + USER);
    }

    @Test
    void anAcceptanceWithoutAJustificationOrBeyondAYearIsRefusedAndNothingIsWritten() {
        inventory.select(CHARGEBACKS);
        FindingsTriageViewModel.Row baseline = row("fraud_rate_within_baseline");
        triage.accept(baseline, " ", LocalDate.now().plusDays(10));
        triage.accept(baseline, "fine", LocalDate.now().plusDays(400));
        triage.accept(baseline, "fine", LocalDate.now());
        saved();
        assertThat(row("fraud_rate_within_baseline").status()).isEqualTo(FindingStatus.OPEN);
        for (String why : new String[] {"Say why the risk is acceptable (a compensating control, a deadline, a ticket).",
                "An acceptance lasts at most 365 days; accept it again when it ends.", "The acceptance must end after today."}) {
            assertThat(console.shown()).anySatisfy(n -> assertThat(n).startsWith("The finding was not accepted: " + why));
        }
        assertThat(console.tightrope.audit().entries(new AuditQuery(null, "finding.accept", CHARGEBACKS, null, null, 0, 5))).isEmpty();
    }

    @Test
    void aSuppressionShowsWhoSuppressedWhichRuleOnWhichAssetsAndWhy() {
        inventory.select(CHARGEBACKS);
        triage.suppress("data-quality.*", "tr:dataset:openlineage:s3://kestrel-datalake/curated/*", "checks under review in DQ-91");
        saved();
        assertThat(triage.rows()).hasSize(3).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(FindingStatus.SUPPRESSED);
            assertThat(r.statusText()).isEqualTo("Suppressed by " + USER
                    + " (data-quality.* on tr:dataset:openlineage:s3://kestrel-datalake/curated/*): checks under review in DQ-91");
            assertThat(r.canSuppress()).isFalse();
            assertThat(r.canReopen()).isFalse();
            assertThat(r.canAccept()).isTrue();
        });
        assertThat(console.notifications.statusProperty().get())
                .isEqualTo("Suppressed data-quality.* on tr:dataset:openlineage:s3://kestrel-datalake/curated/* (3 open findings now, and later ones)");

        triage.suppress("data-quality.*", "s3://kestrel-datalake/*", "no");
        assertThat(console.shown()).anySatisfy(n -> assertThat(n)
                .startsWith("Nothing was suppressed: Name the assets: a URN, or a pattern such as tr:notebook:jupyter:*."));
    }

    @Test
    void resolvingAndReopeningAFinding() {
        inventory.select(CHARGEBACKS);
        triage.resolve(row("no_label_change_after_resolution"));
        saved();
        FindingsTriageViewModel.Row resolved = row("no_label_change_after_resolution");
        assertThat(resolved.status()).isEqualTo(FindingStatus.RESOLVED);
        assertThat(resolved.statusText()).startsWith("Resolved by " + USER + " on ");
        assertThat(resolved.canResolve()).isFalse();
        triage.reopen(resolved);
        saved();
        assertThat(row("no_label_change_after_resolution").status()).isEqualTo(FindingStatus.OPEN);
    }

    @Test
    void anotherAssetNeverShowsThePreviousOnesFindings() {
        inventory.select(CHARGEBACKS);
        assertThat(triage.rows()).hasSize(3);
        inventory.select(DemoWorkspace.ACCEPTED_ASSET.toString());
        assertThat(triage.rows()).allSatisfy(r -> assertThat(r.assetUrn()).isEqualTo(DemoWorkspace.ACCEPTED_ASSET.toString()));
        inventory.select(null);
        assertThat(triage.rows()).isEmpty();
    }

    @Test
    void theSiblingsPatternCoversTheAssetsOfTheSameKindFromTheSameTypeOfSource() {
        assertThat(FindingsTriageViewModel.siblingsPattern(CHARGEBACKS)).isEqualTo("tr:dataset:openlineage:*");
        assertThat(FindingsTriageViewModel.untilProblem(LocalDate.of(2027, 1, 1), LocalDate.of(2026, 1, 1))).isNull();
        assertThat(FindingsTriageViewModel.untilProblem(LocalDate.of(2027, 1, 2), LocalDate.of(2026, 1, 1))).contains("at most 365 days");
        assertThat(FindingsTriageViewModel.untilProblem(null, LocalDate.of(2026, 1, 1))).isEqualTo("Pick the day the acceptance ends.");
    }
}
