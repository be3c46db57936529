package dev.poros.store;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The {@code status_delivery} table: the last commit status delivered per repository, commit and
 * context, so that nothing is posted twice — across restarts too.
 */
public final class StatusStore {
  private final PorosDb db;
  private final Clock clock;

  public StatusStore(PorosDb db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** A status as delivered: its state word and description. */
  public record Delivered(String state, String description) {}

  public Optional<Delivered> delivered(String repository, String commit, String context) {
    List<Delivered> rows =
        db.read(
            c ->
                Rows.query(
                    c,
                    "SELECT state, description FROM status_delivery WHERE repository = ? AND commit_sha = ? AND context = ?",
                    rs -> new Delivered(rs.getString(1), rs.getString(2)),
                    repository,
                    commit,
                    context));
    return rows.stream().findFirst();
  }

  public void recordDelivered(
      String repository,
      String commit,
      String context,
      Delivered status,
      String provider,
      int attempts) {
    db.transaction(
        c ->
            Rows.update(
                c,
                "INSERT INTO status_delivery (repository, commit_sha, context, state, description, provider, attempts, delivered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (repository, commit_sha, context) DO UPDATE SET state = excluded.state, description = excluded.description, provider = excluded.provider, attempts = excluded.attempts, delivered_at = excluded.delivered_at",
                repository,
                commit,
                context,
                status.state(),
                status.description(),
                provider,
                attempts,
                clock.instant().toString()));
  }
}
