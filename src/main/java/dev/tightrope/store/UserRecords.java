package dev.tightrope.store;

import dev.tightrope.domain.OwnerRole;
import dev.tightrope.domain.OwnerType;
import dev.tightrope.domain.Urn;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The user's own records: manual owner assignments and notes (finding
 * decisions are in {@link FindingTriage}). Syncs never
 * overwrite or delete them.
 */
public final class UserRecords {
    private final Database db;

    public UserRecords(Database db) {
        this.db = db;
    }

    /** Assigns an owner by hand; returns false when that exact manual assignment already existed. */
    public boolean assignOwner(Urn asset, String owner, OwnerType type, OwnerRole role, String assignedBy) {
        String name = owner == null ? "" : owner.strip();
        if (name.isEmpty() || name.length() > 256) {
            throw new IllegalArgumentException("an owner name is 1 to 256 characters");
        }
        return db.write(c -> {
            long key = requireAsset(c, asset);
            int n;
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO owners(asset_key, owner, owner_type, role, provenance, source_id, claimed_by, since, last_run)
                    VALUES (?, ?, ?, ?, 'MANUAL', NULL, ?, ?, NULL)
                    ON CONFLICT(asset_key, owner, role, provenance) DO NOTHING""")) {
                ps.setLong(1, key);
                ps.setString(2, name);
                ps.setString(3, type.name());
                ps.setString(4, role.name());
                ps.setString(5, assignedBy);
                ps.setLong(6, System.currentTimeMillis());
                n = ps.executeUpdate();
            }
            refresh(c, key);
            return n > 0;
        });
    }

    /** Removes a manual assignment; claims from sources cannot be removed here (they come back on sync). */
    public boolean removeManualOwner(Urn asset, String owner, OwnerRole role) {
        return db.write(c -> {
            long key = requireAsset(c, asset);
            int n;
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM owners WHERE asset_key = ? AND owner = ? AND role = ? AND provenance = 'MANUAL'")) {
                ps.setLong(1, key);
                ps.setString(2, owner);
                ps.setString(3, role.name());
                n = ps.executeUpdate();
            }
            refresh(c, key);
            return n > 0;
        });
    }

    public long addNote(Urn asset, String author, String text) {
        String body = text == null ? "" : text.strip();
        if (body.isEmpty()) {
            throw new IllegalArgumentException("a note needs some text");
        }
        return db.write(c -> {
            long key = requireAsset(c, asset);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO notes(asset_key, author, created_at, text) VALUES (?, ?, ?, ?) RETURNING id")) {
                ps.setLong(1, key);
                ps.setString(2, author);
                ps.setLong(3, System.currentTimeMillis());
                ps.setString(4, body);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private long requireAsset(Connection c, Urn asset) throws SQLException {
        long key = db.urnKeys().key(asset.toString());
        try (PreparedStatement ps = c.prepareStatement("SELECT urn FROM assets WHERE key = ?")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !rs.getString(1).equals(asset.toString())) {
                    throw new IllegalArgumentException("no asset " + asset + " in this workspace");
                }
            }
        }
        return key;
    }

    /** The asset's owners changed: its search entry (which includes owners) is rebuilt. */
    private static void refresh(Connection c, long key) throws SQLException {
        try (var s = c.createStatement()) {
            s.executeUpdate("UPDATE assets SET fts_dirty = 1 WHERE key = " + key);
        }
        SearchIndex.refreshKey(c, key);
    }
}
