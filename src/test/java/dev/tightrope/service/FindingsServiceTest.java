package dev.tightrope.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.domain.AuditEntry;
import dev.tightrope.domain.AuditQuery;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.FindingStatus;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.StoredFinding;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.sync.ConnectorRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Triage through the service: rules for acceptances, the audit trail, expiry at open and before reads. */
class FindingsServiceTest {

    @TempDir
    Path dir;

    static final Instant MONDAY = Instant.parse("2026-12-07T09:00:00Z");

    Tightrope open(Instant at) {
        return Tightrope.open(dir.resolve("ws"), ConnectorRegistry.defaults(), Clock.fixed(at, ZoneOffset.UTC));
    }

    /** The sample adapter (a model file with a dangerous pickle import) as a source, synced. */
    static List<StoredFinding> syncAdapter(Tightrope t) {
        t.sources().add(new SourceConfig("adapter", "model-files",
                Map.of("path", Path.of("sample-data/models/support-chat-adapter").toAbsolutePath().toString())));
        t.sources().sync("adapter", true, SyncListener.NONE, new Cancellation());
        return t.findings().list(null, FindingStatus.OPEN, 100);
    }

    static long openCount(Tightrope t) {
        return t.inventory().overview(0).openFindingsBySeverity().values().stream().mapToLong(Long::longValue).sum();
    }

    static List<AuditEntry> entries(Tightrope t, String action) {
        return t.audit().entries(new AuditQuery(null, action, null, null, null, 0, 100));
    }

    @Test
    void anAcceptanceNeedsAJustificationAndAnExpiryWithinAYear() {
        try (Tightrope t = open(MONDAY)) {
            long id = syncAdapter(t).get(0).id();
            assertThatThrownBy(() -> t.findings().accept(id, " ", MONDAY.plus(Duration.ofDays(5))))
                    .hasMessageContaining("justification");
            assertThatThrownBy(() -> t.findings().accept(id, "fixed upstream", null)).hasMessageContaining("expiry");
            assertThatThrownBy(() -> t.findings().accept(id, "fixed upstream", MONDAY.minusSeconds(1)))
                    .hasMessageContaining("not in the future");
            assertThatThrownBy(() -> t.findings().accept(id, "fixed upstream", MONDAY.plus(Duration.ofDays(366))))
                    .hasMessageContaining("365 days");
            assertThatThrownBy(() -> t.findings().suppress("pickle.*", "tr:model_artifact:*", "", null))
                    .hasMessageContaining("justification");
            assertThatThrownBy(() -> t.findings().suppress("pickle.*", "model", "noise", null))
                    .hasMessageContaining("neither a URN nor a URN pattern");
            assertThat(entries(t, "finding.accept")).isEmpty();
        }
    }

    @Test
    void everyTriageActionIsAuditedWithItsDetails() {
        try (Tightrope t = open(MONDAY)) {
            List<StoredFinding> found = syncAdapter(t);
            long before = openCount(t);
            StoredFinding first = found.get(0);
            t.findings().accept(first.id(), "adapter only loaded in the sandbox", MONDAY.plus(Duration.ofDays(5)));
            assertThat(openCount(t)).isEqualTo(before - 1);
            t.findings().reopen(first.id());
            assertThat(openCount(t)).isEqualTo(before);
            t.findings().resolve(first.id());
            FindingsService.Suppressed s = t.findings().suppress("*", first.finding().asset().toString(),
                    "quarantined file", MONDAY.plus(Duration.ofDays(10)));
            assertThat(openCount(t)).isEqualTo(before - found.stream().filter(x -> x.finding().asset().equals(first.finding().asset()))
                    .count());
            assertThat(t.findings().unsuppress(s.suppression().id())).isTrue();
            assertThat(t.findings().unsuppress(s.suppression().id())).isFalse();

            assertThat(AuditServiceTest.actions(t)).containsSubsequence("finding.accept", "finding.reopen", "finding.resolve",
                    "finding.suppress", "finding.unsuppress");
            assertThat(entries(t, "finding.accept").get(0).event().details())
                    .containsEntry("finding", String.valueOf(first.id()))
                    .containsEntry("rule", first.finding().ruleId())
                    .containsEntry("justification", "adapter only loaded in the sandbox")
                    .containsEntry("expires", "2026-12-12T09:00:00Z");
            assertThat(entries(t, "finding.accept").get(0).event().subject()).isEqualTo(first.finding().asset().toString());
            assertThat(entries(t, "finding.suppress").get(0).event().details()).containsEntry("rule", "*")
                    .containsEntry("justification", "quarantined file").containsEntry("expires", "2026-12-17T09:00:00Z");
        }
    }

    @Test
    void anExpiredAcceptanceReopensWhenTheWorkspaceOpensAndIsLoggedOnce() {
        long id;
        long before;
        try (Tightrope t = open(MONDAY)) {
            List<StoredFinding> found = syncAdapter(t);
            before = openCount(t);
            id = found.get(0).id();
            t.findings().accept(id, "adapter only loaded in the sandbox", MONDAY.plus(Duration.ofDays(5)));
            assertThat(t.findings().countExpiring(Duration.ofDays(7))).isEqualTo(1);
            assertThat(t.findings().countExpiring(Duration.ofDays(3))).isZero();
            assertThat(t.findings().expiring(Duration.ofDays(7), 10)).singleElement().satisfies(a -> {
                assertThat(a.findingId()).isEqualTo(id);
                assertThat(a.expiresAt()).isEqualTo(MONDAY.plus(Duration.ofDays(5)));
            });
        }
        try (Tightrope t = open(MONDAY.plus(Duration.ofDays(4)))) {
            assertThat(entries(t, "finding.reopened")).isEmpty();
            assertThat(openCount(t)).isEqualTo(before - 1);
        }
        try (Tightrope t = open(MONDAY.plus(Duration.ofDays(6)))) {
            List<AuditEntry> reopened = entries(t, "finding.reopened");
            assertThat(reopened).singleElement().satisfies(e -> {
                assertThat(e.event().actor()).isEqualTo(FindingsService.SYSTEM_ACTOR);
                assertThat(e.event().details()).containsEntry("reason", "expired").containsEntry("finding", String.valueOf(id))
                        .containsEntry("expired", "2026-12-12T09:00:00Z");
            });
            assertThat(openCount(t)).isEqualTo(before);
            assertThat(t.findings().list(null, null, 100)).filteredOn(f -> f.id() == id).singleElement()
                    .satisfies(f -> assertThat(f.decision().reopenReason()).isEqualTo("expired"));
            assertThat(t.findings().countExpiring(Duration.ofDays(7))).isZero();
        }
        try (Tightrope t = open(MONDAY.plus(Duration.ofDays(7)))) {
            t.inventory().overview(5);
            assertThat(entries(t, "finding.reopened")).hasSize(1);
        }
    }
}
