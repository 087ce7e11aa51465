package dev.tightrope.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThat(Database.splitStatements("-- c\nCREATE TABLE a(x);\n\nCREATE TABLE b(\n y\n);\n"))
                .containsExactly("CREATE TABLE a(x);", "CREATE TABLE b(\n y\n);");
    }
}
