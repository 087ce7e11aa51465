package dev.tightrope.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** A prepared statement executed every {@value #SIZE} rows. */
final class Batch {
    static final int SIZE = 2_000;

    final PreparedStatement ps;
    private int pending;

    Batch(PreparedStatement ps) {
        this.ps = ps;
    }

    void add() throws SQLException {
        ps.addBatch();
        if (++pending >= SIZE) {
            flush();
        }
    }

    void flush() throws SQLException {
        if (pending > 0) {
            ps.executeBatch();
            pending = 0;
        }
    }
}
