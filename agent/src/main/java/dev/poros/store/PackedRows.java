package dev.poros.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Many rows of several columns read as one text column each. sqlite-jdbc crosses into native code
 * and decodes UTF-8 for every column it hands out: for the 50,000 rows of eight columns a one-shot
 * sync reads twice, that cost more than twice the queries themselves (270–540 ms a read, against
 * 110–170 ms for the same rows packed; C1, two cores). Each column is packed as its length in
 * characters, a colon and its text — or {@code -} for NULL — so any text comes back as it was,
 * separators and all.
 */
final class PackedRows {
  private PackedRows() {}

  /** Maps one packed row, its columns read in the order they were named. */
  @FunctionalInterface
  interface Mapper<T> {
    T map(Fields fields);
  }

  /**
   * The rows of {@code SELECT columns from} ({@code from}: the statement's {@code FROM ...} part),
   * each mapped from its packed columns.
   */
  static <T> List<T> query(
      Connection c, List<String> columns, String from, Mapper<T> mapper, Object... args)
      throws SQLException {
    StringBuilder select = new StringBuilder("SELECT ");
    for (int i = 0; i < columns.size(); i++) {
      String column = columns.get(i);
      select
          .append(i == 0 ? "" : " || ")
          .append("ifnull(length(")
          .append(column)
          .append(") || ':' || ")
          .append(column)
          .append(", '-')");
    }
    select.append(' ').append(from);
    return Rows.query(c, select.toString(), rs -> mapper.map(new Fields(rs.getString(1))), args);
  }

  /**
   * One packed row's columns, read in order — also as the arguments of one call, which Java
   * evaluates left to right.
   */
  static final class Fields {
    private final String row;
    private int at;

    Fields(String row) {
      this.row = row;
    }

    /** The next column's text, or null. */
    String next() {
      if (row.charAt(at) == '-') {
        at++;
        return null;
      }
      int length = 0;
      char c;
      while ((c = row.charAt(at++)) != ':') {
        length = length * 10 + (c - '0');
      }
      // SQLite counts characters; a character beyond the BMP is two Java chars
      int end = row.offsetByCodePoints(at, length);
      String text = row.substring(at, end);
      at = end;
      return text;
    }

    int nextInt() {
      return Integer.parseInt(next());
    }

    long nextLong() {
      return Long.parseLong(next());
    }
  }
}
