package dev.poros.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

/**
 * The {@code process} table, and the runtime and health that supervision gives a service's or
 * worker's resource row.
 */
public final class ProcessStore {
  private static final String COLUMNS =
      "resource_key, replica, pid, started_at, spec_hash, restarts, last_exit_code, state";

  private final PorosDb db;
  private final Clock clock;

  public ProcessStore(PorosDb db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public void save(ProcessRecord p) {
    db.transaction(
        c ->
            Rows.update(
                c,
                """
        INSERT INTO process (resource_key, replica, pid, started_at, spec_hash, restarts, last_exit_code, state, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (resource_key, replica) DO UPDATE SET pid = excluded.pid, started_at = excluded.started_at,
          spec_hash = excluded.spec_hash, restarts = excluded.restarts, last_exit_code = excluded.last_exit_code,
          state = excluded.state, updated_at = excluded.updated_at""",
                p.resourceKey(),
                p.replica(),
                p.pid(),
                p.startedAt(),
                p.specHash(),
                p.restarts(),
                p.lastExitCode(),
                p.state(),
                clock.instant().toString()));
  }

  public void forget(String resourceKey, int fromReplica) {
    db.transaction(
        c ->
            Rows.update(
                c,
                "DELETE FROM process WHERE resource_key = ? AND replica >= ?",
                resourceKey,
                fromReplica));
  }

  public List<ProcessRecord> of(String resourceKey) {
    return db.read(
        c ->
            Rows.query(
                c,
                "SELECT " + COLUMNS + " FROM process WHERE resource_key = ? ORDER BY replica",
                ProcessStore::map,
                resourceKey));
  }

  public List<ProcessRecord> all() {
    return db.read(
        c ->
            Rows.query(
                c,
                "SELECT " + COLUMNS + " FROM process ORDER BY resource_key, replica",
                ProcessStore::map));
  }

  /** Sets a supervised resource's runtime, health and message, when they changed. */
  public void status(String resourceKey, String runtime, String health, String message) {
    db.transaction(
        c ->
            Rows.update(
                c,
                "UPDATE resource SET runtime = ?, health = ?, message = ?, updated_at = ? WHERE key = ? AND status = 'active'"
                    + " AND (runtime IS NOT ? OR health IS NOT ? OR message IS NOT ?)",
                runtime,
                health,
                message,
                clock.instant().toString(),
                resourceKey,
                runtime,
                health,
                message));
  }

  private static ProcessRecord map(ResultSet rs) throws SQLException {
    return new ProcessRecord(
        rs.getString("resource_key"),
        rs.getInt("replica"),
        rs.getObject("pid") == null ? null : rs.getLong("pid"),
        rs.getString("started_at"),
        rs.getString("spec_hash"),
        rs.getInt("restarts"),
        rs.getObject("last_exit_code") == null ? null : rs.getInt("last_exit_code"),
        rs.getString("state"));
  }
}
