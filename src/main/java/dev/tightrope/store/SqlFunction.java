package dev.tightrope.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done on one connection. */
@FunctionalInterface
public interface SqlFunction<T> {
    T apply(Connection connection) throws SQLException;
}
