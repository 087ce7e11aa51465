package dev.tightrope.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    private static final String TRIGGER = """
            CREATE TRIGGER count_names AFTER INSERT ON names
            BEGIN
                UPDATE totals SET n = n + CASE WHEN NEW.name = 'a;b' THEN 10 ELSE 1 END;
                INSERT INTO seen(name) VALUES (NEW.name); -- each; one
            END;""";

    @Test
    void aMultiLineTriggerIsOneStatement() {
        String script = """
                CREATE TABLE names(name TEXT);
                %s
                INSERT INTO names VALUES ('x');
                """.formatted(TRIGGER);
        assertThat(SqlScript.statements(script)).containsExactly(
                "CREATE TABLE names(name TEXT);", TRIGGER, "INSERT INTO names VALUES ('x');");
    }

    @Test
    void temporaryTriggersEndAtTheirEndToo() {
        assertThat(SqlScript.statements("create temp trigger t after insert on a begin select 1; select 2; end; select 3;"))
                .containsExactly("create temp trigger t after insert on a begin select 1; select 2; end;", "select 3;");
    }

    @Test
    void semicolonsInStringsQuotedNamesAndCommentsEndNothing() {
        String script = """
                -- a comment; with a semicolon
                INSERT INTO "semi;colon" VALUES ('it''s; one', [a;b], `c;d`); /* a block;
                comment */ SELECT 'two' -- trailing; comment
                ;
                """;
        assertThat(SqlScript.statements(script)).containsExactly(
                "INSERT INTO \"semi;colon\" VALUES ('it''s; one', [a;b], `c;d`);",
                "SELECT 'two' -- trailing; comment\n;");
    }

    @Test
    void twoStatementsOnOneLineAreTwo() {
        assertThat(SqlScript.statements("CREATE TABLE a(x); CREATE TABLE b(y);"))
                .containsExactly("CREATE TABLE a(x);", "CREATE TABLE b(y);");
    }

    @Test
    void aScriptThatEndsInsideAStringIsRefused() {
        assertThatThrownBy(() -> SqlScript.statements("INSERT INTO a VALUES ('open;"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("quoted string");
        assertThatThrownBy(() -> SqlScript.statements("SELECT 1; /* open"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("comment");
    }

    @Test
    void theStatementsRunOnSqliteAndTheTriggerFires() throws Exception {
        String script = """
                CREATE TABLE names(name TEXT);
                CREATE TABLE seen(name TEXT);
                CREATE TABLE totals(n INTEGER);
                INSERT INTO totals VALUES (0);
                %s
                INSERT INTO names VALUES ('a;b');
                INSERT INTO names VALUES ('c');
                """.formatted(TRIGGER);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:"); Statement s = c.createStatement()) {
            for (String statement : SqlScript.statements(script)) {
                s.execute(statement);
            }
            try (ResultSet rs = s.executeQuery("SELECT n FROM totals")) {
                assertThat(rs.getLong(1)).isEqualTo(11);
            }
            List<String> seen = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT name FROM seen ORDER BY rowid")) {
                while (rs.next()) {
                    seen.add(rs.getString(1));
                }
            }
            assertThat(seen).containsExactly("a;b", "c");
        }
    }
}
