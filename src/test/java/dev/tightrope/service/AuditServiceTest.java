package dev.tightrope.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tightrope.bench.SyntheticEstate;
import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetSort;
import dev.tightrope.domain.AuditEntry;
import dev.tightrope.domain.AuditQuery;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.OwnerRole;
import dev.tightrope.domain.OwnerType;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.sync.ConnectorRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every action lands in the audit log once, and the log notices when its SQLite rows are edited. */
class AuditServiceTest {

    @TempDir
    Path dir;

    Tightrope open() {
        return Tightrope.open(dir.resolve("ws"), ConnectorRegistry.defaults().with(SyntheticEstate.factory()));
    }

    static List<String> actions(Tightrope t) {
        List<String> newestFirst = t.audit().entries(AuditQuery.latest(1000)).stream().map(e -> e.event().action()).toList();
        List<String> out = new ArrayList<>(newestFirst);
        Collections.reverse(out);
        return out;
    }

    @Test
    void everyActionIsAppendedOnceWithItsDetails() {
        try (Tightrope t = open()) {
            t.sources().add(new SourceConfig("estate", SyntheticEstate.TYPE, Map.of("assets", "40")));
            t.sources().sync("estate", false, SyncListener.NONE, new Cancellation());
            Urn asset = Urn.parse(t.inventory().list(AssetFilter.all(), AssetSort.byName(), 1).get(0).urn());
            t.inventory().assignOwner(asset, "ana", OwnerType.PERSON, OwnerRole.TECHNICAL_OWNER, "dana");
            t.inventory().removeManualOwner(asset, "ana", OwnerRole.TECHNICAL_OWNER);
            t.inventory().addNote(asset, "dana", "checked with the team");
            t.sources().add(new SourceConfig("adapter", "model-files", Map.of("path", Path.of("sample-data/models/support-chat-adapter")
                    .toAbsolutePath().toString())));
            t.sources().sync("adapter", true, SyncListener.NONE, new Cancellation());
            long finding = t.inventory().list(AssetFilter.all().withSource("adapter"), AssetSort.byName(), 40).stream()
                    .map(s -> t.inventory().detail(Urn.parse(s.urn())).orElseThrow())
                    .flatMap(d -> d.findings().stream()).findFirst().orElseThrow().id();
            t.findings().accept(finding, "compensating control in place", java.time.Instant.now().plus(java.time.Duration.ofDays(30)));
            t.trust().setPolicy(new TrustService.PolicySettings("promote:production", 1, true, List.of(), 30, true));
            t.sources().remove("estate");

            assertThat(actions(t)).containsExactly("source.add", "sync.run", "owner.assign", "owner.remove", "note.add",
                    "source.add", "sync.run", "finding.accept", "policy.change", "source.remove");
            AuditEntry sync = t.audit().entries(new AuditQuery(null, "sync.run", "estate", null, null, 0, 1)).get(0);
            assertThat(sync.event().subject()).isEqualTo("estate");
            assertThat(sync.event().details()).containsEntry("status", "succeeded").containsEntry("assetsSeen", "40")
                    .containsEntry("mode", "full");
            AuditEntry accepted = t.audit().entries(new AuditQuery(null, "finding.accept", null, null, null, 0, 1)).get(0);
            assertThat(accepted.event().details()).containsKey("expires")
                    .containsEntry("justification", "compensating control in place");
            assertThat(t.audit().entries(new AuditQuery("dana", null, null, null, null, 0, 10))).hasSize(2);
        }
    }

    @Test
    void logVerifyCatchesARowEditedInSqliteAfterItWasSigned() throws Exception {
        try (Tightrope t = open()) {
            t.sources().add(new SourceConfig("estate", SyntheticEstate.TYPE, Map.of("assets", "10")));
            t.sources().sync("estate", false, SyncListener.NONE, new Cancellation());
            AuditService.LogStatus ok = t.audit().verify();
            assertThat(ok.intact()).isTrue();
            assertThat(ok.size()).isEqualTo(2);
            assertThat(ok.rootHex()).hasSize(64);
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("ws").resolve("cache.db"));
             Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER IF EXISTS audit_log_no_update");
            s.executeUpdate("UPDATE audit_log SET details = replace(details, 'succeeded', 'failed') WHERE action = 'sync.run'");
        }
        try (Tightrope t = open()) {
            AuditService.LogStatus status = t.audit().verify();
            assertThat(status.intact()).isFalse();
            assertThat(status.problems()).anySatisfy(p -> assertThat(p.message()).contains("row edited"));
            assertThat(status.text()).startsWith("TAMPERED");
        }
    }

    @Test
    void theLogIsNamedAfterTheWorkspaceAndItsCheckpointsVerifyWithThePublishedKey() {
        try (Tightrope t = open()) {
            t.sources().add(new SourceConfig("estate", SyntheticEstate.TYPE, Map.of("assets", "3")));
            AuditService.LogCheckpoint cp = t.audit().checkpoint();
            assertThat(cp.origin()).startsWith("tightrope.dev/audit/").hasSize("tightrope.dev/audit/".length() + 32);
            assertThat(cp.size()).isEqualTo(1);
            assertThat(cp.signedNote()).startsWith(cp.origin() + "\n1\n").contains("\u2014 " + cp.origin() + " ");
            assertThat(cp.verifierKey()).startsWith(cp.origin() + "+");
            assertThat(t.audit().verify(cp.signedNote()).intact()).isTrue();
        }
        try (Tightrope again = open()) {
            assertThat(again.audit().origin()).isEqualTo(again.audit().latestCheckpoint().orElseThrow().origin());
        }
    }
}
