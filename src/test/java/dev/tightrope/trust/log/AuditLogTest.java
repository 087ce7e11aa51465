package dev.tightrope.trust.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.domain.AuditEntry;
import dev.tightrope.domain.AuditEvent;
import dev.tightrope.domain.AuditQuery;
import dev.tightrope.domain.Problem;
import dev.tightrope.store.AuditLogStore;
import dev.tightrope.store.CacheException;
import dev.tightrope.store.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log on a real SQLite cache, and what happens when someone edits the file directly. */
class AuditLogTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    private Database db;
    private AuditLogStore store;
    private LogKey key;
    private AuditLog log;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("cache.db"));
        store = new AuditLogStore(db);
        key = LogKey.generate("tightrope.dev/audit/ws-test");
        log = new AuditLog(store, key, Clock.fixed(T0, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static AuditEvent event(int i) {
        return AuditEvent.of(T0.plusSeconds(i), i % 3 == 0 ? "ana" : "bo", i % 2 == 0 ? "owner.change" : "approval.sign",
                "tr:model:mlflow:fraud-bert/" + i, Map.of("n", Integer.toString(i)));
    }

    private void append(int from, int to) {
        List<AuditEvent> events = new ArrayList<>();
        for (int i = from; i < to; i++) {
            events.add(event(i));
        }
        log.appendAll(events);
    }

    private LogVerification verify() {
        return new LogVerifier(store, key.verifier()).verify();
    }

    private void tamper(String... sql) throws SQLException {
        db.close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("cache.db"));
             Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
        db = Database.open(dir.resolve("cache.db"));
        store = new AuditLogStore(db);
    }

    private static List<String> problems(LogVerification v) {
        return v.problems().stream().map(Problem::toString).toList();
    }

    @Test
    void appendedEntriesHaveProofsThatVerifyAgainstTheSignedCheckpoint() {
        append(0, 37);
        SignedCheckpoint cp = log.checkpoint();
        assertThat(cp.checkpoint().size()).isEqualTo(37);
        Checkpoint checked = log.verifier().verifyCheckpoint(cp.signedNote(), "cp");
        for (long i = 0; i < 37; i++) {
            InclusionProof p = log.inclusionProof(i);
            assertThat(p.verify()).isTrue();
            assertThat(p.rootHash()).isEqualTo(checked.rootHash());
            assertThat(p.leafHash()).isEqualTo(Merkle.leafHash(store.entry(i).orElseThrow().leaf()));
        }
        append(37, 100);
        log.checkpoint();
        for (long m = 0; m <= 100; m++) {
            ConsistencyProof c = log.consistencyProof(m, 100);
            assertThat(c.verify()).as("%d -> 100", m).isTrue();
        }
        assertThat(log.consistencyProof(37, 100).firstRoot()).isEqualTo(checked.rootHash());
        assertThat(log.rootAt(37)).isEqualTo(checked.rootHash());
        LogVerification v = verify();
        assertThat(v.problems()).isEmpty();
        assertThat(v.intact()).isTrue();
        assertThat(v.checkpointsVerified()).isEqualTo(2);
    }

    @Test
    void leafBytesAreTheFixedJsonOfTheEvent() {
        AuditEntry e = log.append(AuditEvent.of(Instant.parse("2026-03-01T10:00:00.5Z"), "ana", "key.create", "ana-key",
                Map.of("b", "2", "a", "\"quoted\"")));
        assertThat(new String(e.leaf(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(
                "{\"seq\":0,\"time\":\"2026-03-01T10:00:00.500Z\",\"actor\":\"ana\",\"action\":\"key.create\","
                        + "\"subject\":\"ana-key\",\"details\":{\"a\":\"\\\"quoted\\\"\",\"b\":\"2\"}}");
    }

    @Test
    void reopenedLogContinuesTheSameTree() {
        append(0, 21);
        byte[] root = log.root();
        AuditLog again = new AuditLog(store, key, Clock.systemUTC());
        assertThat(again.root()).isEqualTo(root);
        again.append(event(21));
        log.append(event(22));
        assertThat(log.size()).isEqualTo(23);
        assertThat(verify().problems()).isEmpty();
    }

    @Test
    void triggersRefuseUpdateAndDeleteThroughTheCache() {
        append(0, 3);
        log.checkpoint();
        assertThatThrownBy(() -> db.write(c -> c.createStatement().executeUpdate("UPDATE audit_log SET actor = 'eve' WHERE idx = 1")))
                .isInstanceOf(CacheException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> db.write(c -> c.createStatement().executeUpdate("DELETE FROM audit_checkpoints")))
                .isInstanceOf(CacheException.class).hasMessageContaining("append-only");
    }

    @Test
    void editedRowIsDetected() throws Exception {
        append(0, 50);
        log.checkpoint();
        tamper("DROP TRIGGER audit_log_no_update", "UPDATE audit_log SET actor = 'eve' WHERE idx = 17");
        LogVerification v = verify();
        assertThat(v.intact()).isFalse();
        assertThat(problems(v)).containsExactly("entry 17: the row's fields differ from its signed leaf bytes (row edited)");
        assertThat(v.toText()).startsWith("TAMPERED: 50 entries, 1 checkpoint(s) verified, latest signed size 50")
                .contains("  problem: entry 17: the row's fields differ");
    }

    @Test
    void rowRewrittenWithMatchingLeafAndHashBreaksTheSignedRoot() throws Exception {
        append(0, 50);
        log.checkpoint();
        AuditEvent forged = AuditEvent.of(T0, "eve", "approval.sign", "tr:model:mlflow:fraud-bert/17", Map.of());
        byte[] leaf = AuditLeaf.encode(17, forged);
        db.close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("cache.db"))) {
            c.createStatement().execute("DROP TRIGGER audit_log_no_update");
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE audit_log SET time = ?, actor = 'eve', details = '{}', leaf = ?, leaf_hash = ? WHERE idx = 17")) {
                ps.setLong(1, T0.toEpochMilli());
                ps.setBytes(2, leaf);
                ps.setBytes(3, Merkle.leafHash(leaf));
                ps.executeUpdate();
            }
        }
        db = Database.open(dir.resolve("cache.db"));
        store = new AuditLogStore(db);
        List<String> p = problems(verify());
        assertThat(p).contains("checkpoint 50: the signed root does not match the entries: the log was changed after it was signed");
        assertThat(p).anyMatch(s -> s.startsWith("node 4/1: subtree hash does not match"));
    }

    @Test
    void wholesaleEditIsReportedWithBoundedDetail() throws Exception {
        append(0, 12_000);
        log.checkpoint();
        tamper("DROP TRIGGER audit_log_no_update", "UPDATE audit_log SET actor = 'eve'");
        LogVerification v = verify();
        assertThat(v.intact()).isFalse();
        assertThat(v.problems()).hasSize(100);
        assertThat(v.notes()).anyMatch(n -> n.endsWith("more problems not listed"));
    }

    @Test
    void deletedRowIsDetected() throws Exception {
        append(0, 50);
        log.checkpoint();
        tamper("DROP TRIGGER audit_log_no_delete", "DELETE FROM audit_log WHERE idx = 20");
        List<String> p = problems(verify());
        assertThat(p).contains("entry 20: missing: the next stored entry is 21 (entries deleted)");
        assertThat(p).contains("checkpoint 50: the signed root does not match the entries: the log was changed after it was signed");
    }

    @Test
    void reorderedRowsAreDetected() throws Exception {
        append(0, 50);
        log.checkpoint();
        tamper("DROP TRIGGER audit_log_no_update",
                "UPDATE audit_log SET idx = -1 WHERE idx = 10",
                "UPDATE audit_log SET idx = 10 WHERE idx = 11",
                "UPDATE audit_log SET idx = 11 WHERE idx = -1");
        List<String> p = problems(verify());
        assertThat(p).contains("entry 10: the leaf records another position (rows reordered or renumbered)",
                "entry 11: the leaf records another position (rows reordered or renumbered)");
    }

    @Test
    void truncatedLogIsDetected() throws Exception {
        append(0, 50);
        log.checkpoint();
        tamper("DROP TRIGGER audit_log_no_delete", "DELETE FROM audit_log WHERE idx >= 45");
        LogVerification v = verify();
        assertThat(v.size()).isEqualTo(45);
        assertThat(problems(v)).contains("checkpoint 50: signs 50 entries but the log has only 45: entries were deleted (log truncated)");
    }

    @Test
    void rewrittenHistoryWithFreshCheckpointsIsCaughtOnlyByACheckpointKeptElsewhere() throws Exception {
        append(0, 30);
        String kept = log.checkpoint().signedNote();
        tamper("DROP TRIGGER audit_log_no_delete", "DROP TRIGGER audit_nodes_no_delete", "DROP TRIGGER audit_checkpoints_no_delete",
                "DELETE FROM audit_log", "DELETE FROM audit_nodes", "DELETE FROM audit_checkpoints");
        log = new AuditLog(store, key, Clock.systemUTC());
        for (int i = 0; i < 30; i++) {
            log.append(i == 5 ? AuditEvent.of(T0, "eve", "approval.sign", "x", Map.of()) : event(i));
        }
        log.checkpoint();
        assertThat(verify().intact()).isTrue();
        LogVerification v = new LogVerifier(store, key.verifier()).verify(kept);
        assertThat(problems(v)).containsExactly(
                "trusted checkpoint 30: the signed root does not match the entries: the log was changed after it was signed");
    }

    @Test
    void forgedCheckpointIsRejected() throws Exception {
        append(0, 10);
        LogKey eve = LogKey.generate(key.name());
        String forged = eve.sign(new Checkpoint(key.name(), 10, log.root(), List.of()));
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_checkpoints(size, root, note, created_at) VALUES (10, ?, ?, 0)")) {
                ps.setBytes(1, log.root());
                ps.setString(2, forged);
                return ps.executeUpdate();
            }
        });
        assertThat(problems(verify())).containsExactly("checkpoint 10: checkpoint 10: the checkpoint is not signed by log key " + key.name());
    }

    @Test
    void auditViewQueriesFilterNewestFirst() {
        append(0, 30);
        List<AuditEntry> ana = log.entries(new AuditQuery("ana", null, null, null, null, 0, 100));
        assertThat(ana).hasSize(10).allMatch(e -> e.event().actor().equals("ana"));
        assertThat(ana.get(0).index()).isEqualTo(27);
        assertThat(log.entries(new AuditQuery(null, "approval.", null, T0.plusSeconds(10), T0.plusSeconds(20), 0, 100)))
                .extracting(AuditEntry::index).containsExactly(19L, 17L, 15L, 13L, 11L);
        assertThat(log.entries(AuditQuery.latest(3))).extracting(AuditEntry::index).containsExactly(29L, 28L, 27L);
    }
}
