package dev.poros.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** The {@code event} table: what each sync did to each resource. */
public final class EventStore {
  private static final String COLUMNS = "id, sync_id, resource_key, action, message, diff, at";

  private final PorosDb db;
  private final Clock clock;

  public EventStore(PorosDb db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Records an event; {@code diff} (secrets masked) is null when it changed no spec. */
  public void add(
      Connection c, long syncId, String resourceKey, String action, String message, String diff)
      throws SQLException {
    add(c, syncId, List.of(new Event(resourceKey, action, message, diff)));
  }

  /** What happened to a resource in a sync; {@code diff} null when it changed no spec. */
  public record Event(String resourceKey, String action, String message, String diff) {}

  /** Records {@code happened} in their order, as one batch. */
  public void add(Connection c, long syncId, List<Event> happened) throws SQLException {
    String at = clock.instant().toString();
    Rows.batch(
        c,
        "INSERT INTO event (sync_id, resource_key, action, message, diff, at) VALUES (?, ?, ?, ?, ?, ?)",
        happened.stream()
            .map(e -> new Object[] {syncId, e.resourceKey(), e.action(), e.message(), e.diff(), at})
            .toList());
  }

  /** The diff of the newest event that changed the resource's spec, if any did. */
  public Optional<String> lastDiff(String key) {
    return db.read(
        c ->
            Rows.first(
                c,
                "SELECT diff FROM event WHERE resource_key = ? AND diff IS NOT NULL ORDER BY id DESC LIMIT 1",
                rs -> rs.getString(1),
                key));
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
        rs.getString("diff"),
        Rows.instant(rs, "at"));
  }
}
