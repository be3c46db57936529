package dev.poros.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
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

  /** Runs {@code sql} once per row, as one batch. */
  static void batch(Connection c, String sql, List<Object[]> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement st = c.prepareStatement(sql)) {
      for (Object[] row : rows) {
        for (int i = 0; i < row.length; i++) {
          st.setObject(i + 1, row[i]);
        }
        st.addBatch();
      }
      st.executeBatch();
    }
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... args)
      throws SQLException {
    PreparedStatement st = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS);
    for (int i = 0; i < args.length; i++) {
      st.setObject(i + 1, args[i]);
    }
    return st;
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    String value = rs.getString(column);
    return value == null ? null : instant(value);
  }

  /**
   * The instant {@code Instant.toString()} wrote ({@code 2026-12-02T17:55:11.123456Z}), read
   * without the general ISO parser, which took half of reading ten thousand rows; any other form
   * goes to {@code Instant.parse}.
   */
  static Instant instant(String text) {
    int end = text.length() - 1;
    if (end < 19
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || text.charAt(end) != 'Z'
        || end > 19 && (text.charAt(19) != '.' || end - 20 > 9 || end == 20)) {
      return Instant.parse(text);
    }
    int[] fields = {
      number(text, 0, 4),
      number(text, 5, 7),
      number(text, 8, 10),
      number(text, 11, 13),
      number(text, 14, 16),
      number(text, 17, 19),
      end > 19 ? number(text, 20, end) : 0
    };
    for (int field : fields) {
      if (field < 0) {
        return Instant.parse(text);
      }
    }
    int nanos = fields[6];
    for (int digits = end > 19 ? end - 20 : 9; digits < 9; digits++) {
      nanos *= 10;
    }
    long day = LocalDate.of(fields[0], fields[1], fields[2]).toEpochDay();
    return Instant.ofEpochSecond(
        day * 86_400 + fields[3] * 3_600L + fields[4] * 60L + fields[5], nanos);
  }

  /** The decimal number in {@code text[from, to)}, or -1 when a character is not a digit. */
  private static int number(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
