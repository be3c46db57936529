package dev.poros.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small JDBC helpers shared by the stores. */
final class Rows {
  private Rows() {}

  /** A row mapper that may throw what JDBC throws. */
  @FunctionalInterface
  interface Mapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement st = prepare(c, sql, args)) {
      return st.executeUpdate();
    }
  }

  static long insert(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement st = prepare(c, sql, args)) {
      st.executeUpdate();
      try (ResultSet keys = st.getGeneratedKeys()) {
        return keys.next() ? keys.getLong(1) : -1;
      }
    }
  }

  static <T> List<T> query(Connection c, String sql, Mapper<T> mapper, Object... args)
      throws SQLException {
    try (PreparedStatement st = prepare(c, sql, args);
        ResultSet rs = st.executeQuery()) {
      List<T> out = new ArrayList<>();
      while (rs.next()) {
        out.add(mapper.map(rs));
      }
      return out;
    }
  }

  /** The first row the query finds, if any. */
  static <T> Optional<T> first(Connection c, String sql, Mapper<T> mapper, Object... args)
      throws SQLException {
    return query(c, sql, mapper, args).stream().findFirst();
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... args)
      throws SQLException {
    PreparedStatement st = c.prepareStatement(sql, java.sql.Statement.RETURN_GENERATED_KEYS);
    for (int i = 0; i < args.length; i++) {
      st.setObject(i + 1, args[i]);
    }
    return st;
  }

  static java.time.Instant instant(ResultSet rs, String column) throws SQLException {
    String value = rs.getString(column);
    return value == null ? null : java.time.Instant.parse(value);
  }
}
