package dev.poros.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The {@code repository} table. */
public final class RepositoryStore {
  /** The repository built-in resources are recorded under. */
  public static final String BUILT_IN_URL = "poros:built-in";

  private static final String COLUMNS = "id, url, branch, path, last_commit, last_synced_at";

  private final PorosDb db;

  public RepositoryStore(PorosDb db) {
    this.db = db;
  }

  public Optional<RepositoryRecord> find(String url, String branch, String path) {
    return db.read(c -> find(c, url, branch, path));
  }

  private static Optional<RepositoryRecord> find(
      Connection c, String url, String branch, String path) throws SQLException {
    return Rows.first(
        c,
        "SELECT " + COLUMNS + " FROM repository WHERE url = ? AND branch = ? AND path = ?",
        RepositoryStore::map,
        url,
        branch,
        path);
  }

  /** The recorded repository, created on first sight. */
  public RepositoryRecord ensure(String url, String branch, String path) {
    return db.transaction(
        c -> {
          Rows.update(
              c,
              "INSERT INTO repository (url, branch, path) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
              url,
              branch,
              path);
          return find(c, url, branch, path).orElseThrow();
        });
  }

  /**
   * Files row {@code id} under another branch name ('' for the remote's HEAD); its resources and
   * history stay with it.
   */
  public RepositoryRecord rename(long id, String branch) {
    return db.transaction(
        c -> {
          Rows.update(c, "UPDATE repository SET branch = ? WHERE id = ?", branch, id);
          return byId(c, id).orElseThrow();
        });
  }

  /** The pseudo-repository that owns the built-in resources, created on first use. */
  public RepositoryRecord builtIn() {
    return ensure(BUILT_IN_URL, "", "");
  }

  public List<RepositoryRecord> list() {
    return db.read(
        c ->
            Rows.query(
                c, "SELECT " + COLUMNS + " FROM repository ORDER BY id", RepositoryStore::map));
  }

  public Optional<RepositoryRecord> get(long id) {
    return db.read(c -> byId(c, id));
  }

  private static Optional<RepositoryRecord> byId(Connection c, long id) throws SQLException {
    return Rows.first(
        c, "SELECT " + COLUMNS + " FROM repository WHERE id = ?", RepositoryStore::map, id);
  }

  private static RepositoryRecord map(ResultSet rs) throws SQLException {
    return new RepositoryRecord(
        rs.getLong("id"),
        rs.getString("url"),
        rs.getString("branch"),
        rs.getString("path"),
        rs.getString("last_commit"),
        Rows.instant(rs, "last_synced_at"));
  }
}
