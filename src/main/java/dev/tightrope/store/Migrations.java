package dev.tightrope.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;

/**
 * The cache's forward-only migrations: SQL scripts in {@code migrations/} for {@code cache.db}
 * and {@code lineage/} for the lineage file, each file's version the number applied (its
 * {@code user_version}). Each migration commits on its own, with its version, after taking the
 * file's write lock and reading the version again, so two processes opening the same old cache
 * migrate it once. Opening refuses a file whose version is newer than this build knows before
 * anything is written (see {@link Database#open}).
 */
final class Migrations {

    /** The cache's migrations in order. */
    static final List<String> CACHE = List.of("V001__initial.sql", "V002__audit_log.sql", "V003__lineage_file.sql",
            "V004__search_kind_and_risk_index.sql", "V005__finding_triage.sql", "V006__risk.sql",
            "V007__running_totals.sql");
    /** The lineage file's migrations; its version is kept in its own user_version. */
    static final List<String> LINEAGE = List.of("L001__lineage.sql");

    private Migrations() {
    }

    static int userVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    /** Applies {@code migrations} from index {@code from} on, each in its own transaction. */
    static void migrate(Connection c, int from, List<String> migrations, String dir) throws SQLException {
        for (int v = from; v < migrations.size(); v++) {
            String lineageId = null;
            if (migrations.get(v).startsWith("V003")) {
                lineageId = copyEdgesToLineage(c);
                if (lineageId == null) {
                    continue;
                }
            }
            String sql = resource(dir + migrations.get(v));
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // another process may be migrating the same file: take the lock, then look again
                s.execute("PRAGMA user_version = " + userVersion(c));
                if (userVersion(c) > v) {
                    c.commit();
                    continue;
                }
                for (String statement : SqlScript.statements(sql)) {
                    s.execute(statement);
                }
                if (lineageId != null) {
                    Database.putMeta(c, "lineage_id", lineageId);
                }
                s.execute("PRAGMA user_version = " + (v + 1));
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw new SQLException("migration " + migrations.get(v) + " failed: " + e.getMessage(), e);
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    /**
     * Before schema 3 drops the cache's edge table, its rows are copied to the lineage file in a
     * transaction that writes only that file (a transaction over two WAL files is atomic per file,
     * not as a whole); copying again after a crash changes nothing. The same transaction names
     * the cache the file belongs to, and schema 3's own transaction records the name in the cache.
     */
    private static String copyEdgesToLineage(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            // BEGIN IMMEDIATE would be clearer, but JDBC has begun the transaction already: the
            // first write takes the cache's lock, and the version is read again under it
            s.execute("PRAGMA user_version = " + userVersion(c));
            if (userVersion(c) >= 3) {
                c.commit();
                return null;
            }
            s.executeUpdate("""
                    INSERT INTO lineage.edges(up_key, down_key, type, source_id, first_seen, last_run, gone_at)
                    SELECT up_key, down_key, type, source_id, first_seen, last_run, gone_at FROM main.edges WHERE true
                    ON CONFLICT DO NOTHING""");
            String id;
            try (ResultSet rs = s.executeQuery("SELECT value FROM lineage.meta WHERE name = 'cache_id'")) {
                id = rs.next() ? rs.getString(1) : HexFormat.of().formatHex(Database.randomBytes(16));
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO lineage.meta(name, value) VALUES ('cache_id', ?) ON CONFLICT(name) DO NOTHING")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            c.commit();
            return id;
        } catch (SQLException e) {
            c.rollback();
            throw new SQLException("copying the lineage edges to their own file failed: " + e.getMessage(), e);
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static String resource(String name) {
        try (InputStream in = Migrations.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + name, e);
        }
    }

}
