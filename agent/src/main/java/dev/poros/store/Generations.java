package dev.poros.store;

/**
 * How far each repository's recorded resources have changed (a counter the DB's triggers raise, see
 * migration V12): what tells a sync whether anything it planned against changed since.
 */
public final class Generations {
  /** One repository's generation, and the sum of every other's (built-ins included). */
  public record Stamp(long own, long others) {}

  private final PorosDb db;

  public Generations(PorosDb db) {
    this.db = db;
  }

  public Stamp of(long repositoryId) {
    return db.read(
        c ->
            Rows.first(
                    c,
                    "SELECT coalesce(sum(CASE WHEN repository_id = ? THEN value END), 0),"
                        + " coalesce(sum(CASE WHEN repository_id <> ? THEN value END), 0)"
                        + " FROM resource_generation",
                    rs -> new Stamp(rs.getLong(1), rs.getLong(2)),
                    repositoryId,
                    repositoryId)
                .orElse(new Stamp(0, 0)));
  }
}
