package dev.tightrope.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tightrope.domain.AssetFilter;
import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.AssetSummary;
import dev.tightrope.domain.Finding;
import dev.tightrope.domain.SearchResults;
import dev.tightrope.domain.Severity;
import dev.tightrope.domain.SyncMode;
import dev.tightrope.domain.Urn;
import dev.tightrope.domain.port.IngestStore.IngestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

    @TempDir
    Path dir;

    @Test
    void newCacheIsMigratedToTheCurrentSchemaInWalMode() throws Exception {
        Path file = dir.resolve("cache.db");
        try (Database db = Database.open(file)) {
            assertThat(db.integrityCheck()).isEqualTo("ok");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                assertThat(rs.getInt(1)).isEqualTo(Database.SCHEMA_VERSION);
            }
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                assertThat(rs.getString(1)).isEqualTo("wal");
            }
        }
    }

    @Test
    void reopeningKeepsTheSchemaAndTheUrnSecret() {
        Path file = dir.resolve("cache.db");
        long key;
        try (Database db = Database.open(file)) {
            key = db.urnKeys().key("tr:model:mlflow:fraud");
        }
        try (Database db = Database.open(file)) {
            assertThat(db.urnKeys().key("tr:model:mlflow:fraud")).isEqualTo(key);
        }
    }

    @Test
    void cacheFromANewerBuildIsRefusedAndLeftUntouched() throws Exception {
        Path file = dir.resolve("cache.db");
        Database.open(file).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = " + (Database.SCHEMA_VERSION + 5));
            s.execute("CREATE TABLE from_the_future(x)");
        }
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> Database.open(file))
                .isInstanceOf(IncompatibleCacheException.class)
                .hasMessageContaining("schema version " + (Database.SCHEMA_VERSION + 5))
                .hasMessageContaining("newer Tightrope")
                .hasMessageContaining("was not changed");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void aSchema3CacheGetsTheKindInItsSearchIndexAndTheRiskIndex() throws Exception {
        Urn txns = StoreFixture.dataset("transactions");
        try (StoreFixture f = new StoreFixture(dir)) {
            try (IngestSession s = f.ingest.begin(f.source)) {
                s.asset(StoreFixture.asset(txns, "card transactions"));
                s.finding(new Finding(txns, "pii", Severity.HIGH, "PII", null, null, "test", null));
                s.commit(SyncMode.FULL, null);
            }
        }
        // what schema 3 had: the search index without the kind, no risk index
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("cache.db"));
             Statement s = c.createStatement()) {
            s.execute("DROP TABLE asset_fts");
            s.execute("""
                    CREATE VIRTUAL TABLE asset_fts USING fts5(name, description, tags, owners, properties, content = '',
                        contentless_delete = 1, detail = column, tokenize = "unicode61 remove_diacritics 2 tokenchars '_'",
                        prefix = '3')""");
            s.execute("INSERT INTO asset_fts(rowid, name, description) SELECT id, name, description FROM assets");
            s.execute("DROP INDEX assets_risk");
            s.execute("DROP TABLE finding_decisions");
            s.execute("DROP TABLE finding_suppressions");
            s.execute("DROP INDEX findings_status");
            for (String later : new String[] {"risk", "risk_dirty", "approval_states", "risk_history", "estate_facts", "estate_kinds", "risk_kinds",
                "risk_teams"}) {
                s.execute("DROP TABLE " + later);
            }
            s.execute("PRAGMA user_version = 3");
        }
        try (StoreFixture f = new StoreFixture(dir)) {
            SearchResults found = f.assets.search("transactions", 10);
            assertThat(found.groups()).extracting(SearchResults.KindGroup::kind).containsExactly(AssetKind.DATASET);
            assertThat(found.hits()).extracting(AssetSummary::urn).containsExactly(txns.toString());
            assertThat(f.assets.search("card", 10).total()).isEqualTo(1);
            assertThat(f.assets.riskOrderPlan(AssetFilter.all(), false)).anyMatch(step -> step.contains("assets_risk"));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("cache.db"));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            assertThat(rs.getInt(1)).isEqualTo(Database.SCHEMA_VERSION);
        }
    }

    @Test
    void aFileThatIsNotACacheGivesAClearError() throws Exception {
        Path file = dir.resolve("cache.db");
        Files.writeString(file, "this is not a database, it is a shopping list\n".repeat(200));
        assertThatThrownBy(() -> Database.open(file))
                .isInstanceOf(CacheException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a readable Tightrope cache");
    }

    @Test
    void migrationScriptsSplitIntoStatements() {
        assertThat(SqlScript.statements("-- c\nCREATE TABLE a(x);\n\nCREATE TABLE b(\n y\n);\n"))
                .containsExactly("CREATE TABLE a(x);", "CREATE TABLE b(\n y\n);");
    }
}
