package dev.tightrope.store;

import dev.tightrope.domain.AuditCheckpoint;
import dev.tightrope.domain.AuditEntry;
import dev.tightrope.domain.AuditEvent;
import dev.tightrope.domain.AuditNode;
import dev.tightrope.domain.AuditQuery;
import dev.tightrope.domain.port.AuditLogStorage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The audit log's tables in the cache. Stores exactly the bytes and hashes it is given; the
 * trust layer computes them. Appends check, inside their transaction, that no other writer
 * appended first.
 */
public final class AuditLogStore implements AuditLogStorage {

    private static final String ENTRY_COLUMNS = "idx, time, actor, action, subject, details, leaf, leaf_hash";

    private final Database db;

    public AuditLogStore(Database db) {
        this.db = db;
    }

    @Override
    public long size() {
        return db.read(AuditLogStore::size);
    }

    private static long size(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT max(idx) FROM audit_log")) {
            rs.next();
            long max = rs.getLong(1);
            return rs.wasNull() ? 0 : max + 1;
        }
    }

    @Override
    public void append(List<AuditEntry> entries, List<AuditNode> nodes) {
        if (entries.isEmpty()) {
            return;
        }
        db.write(c -> {
            long size = size(c);
            if (entries.get(0).index() != size) {
                throw new IllegalStateException("the audit log has " + size + " entries, not " + entries.get(0).index()
                        + "; another writer appended first");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log(" + ENTRY_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?)")) {
                long expected = size;
                for (AuditEntry e : entries) {
                    if (e.index() != expected++) {
                        throw new IllegalArgumentException("entries must have consecutive indexes");
                    }
                    AuditEvent ev = e.event();
                    ps.setLong(1, e.index());
                    ps.setLong(2, ev.time().toEpochMilli());
                    ps.setString(3, ev.actor());
                    ps.setString(4, ev.action());
                    ps.setString(5, ev.subject());
                    ps.setString(6, Json.write(ev.details()));
                    ps.setBytes(7, e.leaf());
                    ps.setBytes(8, e.leafHash());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_nodes(level, idx, hash) VALUES (?,?,?)")) {
                for (AuditNode n : nodes) {
                    if (n.level() < 1) {
                        throw new IllegalArgumentException("level 0 hashes are the entries' leaf hashes");
                    }
                    ps.setInt(1, n.level());
                    ps.setLong(2, n.index());
                    ps.setBytes(3, n.hash());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<byte[]> nodeHashes(List<NodeRef> refs) {
        return db.read(c -> {
            List<byte[]> out = new ArrayList<>(refs.size());
            try (PreparedStatement leaf = c.prepareStatement("SELECT leaf_hash FROM audit_log WHERE idx = ?");
                 PreparedStatement node = c.prepareStatement("SELECT hash FROM audit_nodes WHERE level = ? AND idx = ?")) {
                for (NodeRef r : refs) {
                    PreparedStatement ps;
                    if (r.level() == 0) {
                        ps = leaf;
                        ps.setLong(1, r.index());
                    } else {
                        ps = node;
                        ps.setInt(1, r.level());
                        ps.setLong(2, r.index());
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        out.add(rs.next() ? rs.getBytes(1) : null);
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<byte[]> nodeRange(int level, long from, long to) {
        if (to <= from) {
            return List.of();
        }
        return db.read(c -> {
            byte[][] out = new byte[(int) (to - from)][];
            String sql = level == 0
                    ? "SELECT idx, leaf_hash FROM audit_log WHERE idx >= ? AND idx < ? ORDER BY idx"
                    : "SELECT idx, hash FROM audit_nodes WHERE level = " + level + " AND idx >= ? AND idx < ? ORDER BY idx";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, from);
                ps.setLong(2, to);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out[(int) (rs.getLong(1) - from)] = rs.getBytes(2);
                    }
                }
            }
            return Arrays.asList(out);
        });
    }

    @Override
    public Optional<AuditEntry> entry(long index) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + ENTRY_COLUMNS + " FROM audit_log WHERE idx = ?")) {
                ps.setLong(1, index);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(entry(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void forEachEntry(long from, long to, Consumer<AuditEntry> visitor) {
        db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + ENTRY_COLUMNS + " FROM audit_log WHERE idx >= ? AND idx < ? ORDER BY idx")) {
                ps.setLong(1, from);
                ps.setLong(2, to);
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        visitor.accept(entry(rs));
                    }
                }
            }
            return null;
        });
    }

    @Override
    public List<AuditEntry> query(AuditQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + ENTRY_COLUMNS + " FROM audit_log WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.actor() != null) {
            sql.append(" AND actor = ?");
            args.add(q.actor());
        }
        if (q.action() != null) {
            if (q.action().endsWith(".")) {
                sql.append(" AND substr(action, 1, ?) = ?");
                args.add(q.action().length());
            } else {
                sql.append(" AND action = ?");
            }
            args.add(q.action());
        }
        if (q.subject() != null) {
            sql.append(" AND subject = ?");
            args.add(q.subject());
        }
        if (q.from() != null) {
            sql.append(" AND time >= ?");
            args.add(q.from().toEpochMilli());
        }
        if (q.to() != null) {
            sql.append(" AND time < ?");
            args.add(q.to().toEpochMilli());
        }
        sql.append(" ORDER BY idx DESC LIMIT ? OFFSET ?");
        args.add(q.limit());
        args.add(q.offset());
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                List<AuditEntry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(entry(rs));
                    }
                }
                return out;
            }
        });
    }

    /**
     * Reads a row as it is, even when it was edited: a bad time or details column becomes the
     * nearest value so that the verifier can report the row instead of failing to read it.
     */
    private static AuditEntry entry(ResultSet rs) throws SQLException {
        long idx = rs.getLong(1);
        AuditEvent event;
        try {
            event = new AuditEvent(Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3), rs.getString(4),
                    rs.getString(5), Json.readMap(rs.getString(6)));
        } catch (RuntimeException e) {
            event = new AuditEvent(Instant.ofEpochMilli(rs.getLong(2)), "?", "invalid",
                    "row " + idx + " cannot be read: " + e.getMessage(), null);
        }
        byte[] leaf = rs.getBytes(7);
        byte[] hash = rs.getBytes(8);
        return new AuditEntry(idx, event, leaf == null ? new byte[0] : leaf, hash == null ? new byte[0] : hash);
    }

    @Override
    public void addCheckpoint(AuditCheckpoint checkpoint) {
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO audit_checkpoints(size, root, note, created_at) VALUES (?,?,?,?)")) {
                ps.setLong(1, checkpoint.size());
                ps.setBytes(2, checkpoint.rootHash());
                ps.setString(3, checkpoint.signedNote());
                ps.setLong(4, checkpoint.created().toEpochMilli());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<AuditCheckpoint> checkpoints() {
        return db.read(c -> {
            List<AuditCheckpoint> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT size, root, note, created_at FROM audit_checkpoints ORDER BY size")) {
                while (rs.next()) {
                    out.add(checkpoint(rs));
                }
            }
            return out;
        });
    }

    @Override
    public Optional<AuditCheckpoint> latestCheckpoint() {
        return db.read(c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT size, root, note, created_at FROM audit_checkpoints ORDER BY size DESC LIMIT 1")) {
                return rs.next() ? Optional.of(checkpoint(rs)) : Optional.empty();
            }
        });
    }

    private static AuditCheckpoint checkpoint(ResultSet rs) throws SQLException {
        byte[] root = rs.getBytes(2);
        return new AuditCheckpoint(rs.getLong(1), root == null ? new byte[0] : root, rs.getString(3),
                Instant.ofEpochMilli(rs.getLong(4)));
    }
}
