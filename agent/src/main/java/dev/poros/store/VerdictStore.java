package dev.poros.store;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The admission verdicts that found nothing, per repository and resource key: the digest of what
 * they depended on (migration V15). A cache of a pure function, so it is written outside the sync's
 * transaction: a row is never wrong, at worst unused.
 */
public final class VerdictStore {
  private final PorosDb db;

  public VerdictStore(PorosDb db) {
    this.db = db;
  }

  /** Resource key → digest of its last clean verdicts in {@code repositoryId}. */
  public Map<String, String> cleared(long repositoryId) {
    return db.read(
        c -> {
          Map<String, String> digests = new HashMap<>();
          Rows.query(
              c,
              "SELECT key, digest FROM cleared_verdict WHERE repository_id = ?",
              rs -> digests.put(rs.getString(1), rs.getString(2)),
              repositoryId);
          return digests;
        });
  }

  /** The digest of {@code key}'s clean verdicts, if the DB holds one. */
  public Optional<String> cleared(long repositoryId, String key) {
    return db.read(
        c ->
            Rows.first(
                c,
                "SELECT digest FROM cleared_verdict WHERE repository_id = ? AND key = ?",
                rs -> rs.getString(1),
                repositoryId,
                key));
  }

  /** Remembers {@code digests} (resource key → digest) as clean, replacing earlier ones. */
  public void recordCleared(long repositoryId, Map<String, String> digests) {
    if (digests.isEmpty()) {
      return;
    }
    db.transaction(
        c -> {
          Rows.batch(
              c,
              "INSERT OR REPLACE INTO cleared_verdict (repository_id, key, digest) VALUES (?, ?, ?)",
              digests.entrySet().stream()
                  .map(d -> new Object[] {repositoryId, d.getKey(), d.getValue()})
                  .toList());
          return null;
        });
  }
}
