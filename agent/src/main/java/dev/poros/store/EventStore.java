package dev.poros.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

/** The {@code event} table: what each sync did to each resource. */
public final class EventStore {
  private static final String COLUMNS = "id, sync_id, resource_key, action, message, at";

  private final PorosDb db;
  private final Clock clock;

  public EventStore(PorosDb db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public void add(Connection c, long syncId, String resourceKey, String action, String message)
      throws SQLException {
    Rows.update(
        c,
        "INSERT INTO event (sync_id, resource_key, action, message, at) VALUES (?, ?, ?, ?, ?)",
        syncId,
        resourceKey,
        action,
        message,
        clock.instant().toString());
  }

  public List<EventRecord> forSync(long syncId) {
    return db.read(
        c ->
            Rows.query(
                c,
                "SELECT " + COLUMNS + " FROM event WHERE sync_id = ? ORDER BY id",
                EventStore::map,
                syncId));
  }

  public List<EventRecord> forResource(String key, int limit) {
    return db.read(
        c ->
            Rows.query(
                c,
                "SELECT " + COLUMNS + " FROM event WHERE resource_key = ? ORDER BY id DESC LIMIT ?",
                EventStore::map,
                key,
                limit));
  }

  public long count() {
    return db.read(c -> Rows.query(c, "SELECT count(*) FROM event", rs -> rs.getLong(1)).get(0));
  }

  private static EventRecord map(ResultSet rs) throws SQLException {
    return new EventRecord(
        rs.getLong("id"),
        rs.getObject("sync_id") == null ? null : rs.getLong("sync_id"),
        rs.getString("resource_key"),
        rs.getString("action"),
        rs.getString("message"),
        Rows.instant(rs, "at"));
  }
}
