package dev.poros.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * The schema's history: ordered SQL files under {@code db/migration/}, applied once each and
 * remembered in {@code schema_version}. Hand-rolled rather than Flyway: SQLite lives outside
 * Flyway's core, and these dozen lines are all a single embedded file needs.
 */
public final class Migrations {
  /** Every migration, oldest first. Never edit a released one: add the next. */
  public static final List<String> ALL =
      List.of(
          "V1__initial.sql",
          "V2__secrets_and_sync_detail.sql",
          "V3__waiting_status.sql",
          "V4__runs.sql",
          "V5__processes.sql",
          "V6__commit_and_diff.sql",
          "V7__kubernetes_inventory.sql",
          "V8__drift.sql",
          "V9__status_delivery.sql",
          "V10__preview.sql",
          "V11__node_process.sql",
          "V12__sync_inputs.sql",
          "V13__declared_files.sql",
          "V14__preview_warnings.sql",
          "V15__cleared_verdicts.sql",
          "V16__sync_notes.sql",
          "V17__workflow_runtime_controls.sql",
          "V18__settled_verdicts.sql",
          "V19__sync_indexes.sql");

  private final List<String> files;

  public Migrations(List<String> files) {
    this.files = List.copyOf(files);
  }

  /** Applies the migrations {@code connection}'s database lacks; returns its version after. */
  int migrate(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute(
          "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, script TEXT NOT NULL, applied_at TEXT NOT NULL)");
    }
    int current = version(connection);
    for (int v = current + 1; v <= files.size(); v++) {
      apply(connection, v, files.get(v - 1));
    }
    return Math.max(current, files.size());
  }

  /**
   * SQLite's procedure for schema changes: foreign keys off (outside the transaction), the change,
   * a foreign key check, commit, foreign keys back on.
   */
  private static void apply(Connection connection, int version, String script) throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute("PRAGMA foreign_keys = OFF");
      connection.setAutoCommit(false);
      try {
        for (String sql : statements(read(script))) {
          st.execute(sql);
        }
        try (var violations = st.executeQuery("PRAGMA foreign_key_check")) {
          if (violations.next()) {
            throw new SQLException(
                "it leaves rows whose foreign keys point nowhere, in " + violations.getString(1));
          }
        }
        st.execute(
            "INSERT INTO schema_version VALUES ("
                + version
                + ", '"
                + script
                + "', datetime('now'))");
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw new SQLException("migration " + script + " failed: " + e.getMessage(), e);
      } finally {
        connection.setAutoCommit(true);
        st.execute("PRAGMA foreign_keys = ON");
      }
    }
  }

  static int version(Connection connection) throws SQLException {
    try (Statement st = connection.createStatement();
        var rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
      return rs.getInt(1);
    }
  }

  private static String read(String script) {
    try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/" + script)) {
      if (in == null) {
        throw new IllegalStateException("migration " + script + " missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The script's statements: comments dropped, split on the semicolons that end lines. */
  private static List<String> statements(String script) {
    String withoutComments = script.replaceAll("--[^\\n]*", "");
    return Arrays.stream(withoutComments.split(";\\s*(\\n|$)"))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }
}
