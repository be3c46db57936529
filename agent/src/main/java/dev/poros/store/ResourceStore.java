package dev.poros.store;

import dev.poros.model.Health;
import dev.poros.model.Layer;
import dev.poros.model.RecordedResource;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import dev.poros.model.Runtime;
import dev.poros.model.Status;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The {@code resource} table: the state of every resource the agent manages. */
public final class ResourceStore {
  /** Whole rows, as {@link #map} reads them. */
  private static final PackedRows RECORDED =
      PackedRows.of(
          "key",
          "repository_id",
          "type",
          "version",
          "name",
          "workspace",
          "layer",
          "executor",
          "spec_json",
          "hash",
          "commit_sha",
          "source_file",
          "status",
          "runtime",
          "health",
          "message",
          "created_at",
          "updated_at",
          "drift");

  private static final PackedRows SUMMARIES =
      PackedRows.of("key", "type", "version", "name", "workspace", "layer", "hash", "status");

  private final PorosDb db;
  private final Clock clock;

  public ResourceStore(PorosDb db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** Everything recorded for a repository, deleted resources included. */
  public List<RecordedResource> forRepository(long repositoryId) {
    return db.read(
        c ->
            RECORDED.query(
                c,
                "FROM resource WHERE repository_id = ? ORDER BY key",
                ResourceStore::map,
                repositoryId));
  }

  /** What is recorded for {@code keys} under a repository, in key order (one read). */
  public List<RecordedResource> forKeys(long repositoryId, Collection<ResourceKey> keys) {
    List<ResourceKey> sorted = keys.stream().sorted().toList();
    return db.read(
        c -> {
          List<RecordedResource> found = new ArrayList<>();
          for (ResourceKey key : sorted) {
            found.addAll(
                RECORDED.query(
                    c,
                    "FROM resource WHERE key = ? AND repository_id = ?",
                    ResourceStore::map,
                    key.id(),
                    repositoryId));
          }
          return found;
        });
  }

  /**
   * A resource as far as standing for it unchanged needs: identity, recorded hash and status — no
   * spec, no times (ten thousand rows are read at once).
   */
  public record Summary(
      ResourceKey key,
      String type,
      String version,
      String name,
      String workspace,
      Layer layer,
      String hash,
      Status status) {
    /** Whether it is recorded as applied: not deleted, and applied once at least. */
    public boolean applied() {
      return status != Status.DELETED && !hash.isEmpty();
    }
  }

  /** The summaries of a repository's resources, by key id. */
  public Map<String, Summary> summaries(long repositoryId) {
    Map<String, Summary> byId = new HashMap<>();
    db.read(
            c ->
                SUMMARIES.query(
                    c,
                    "FROM resource WHERE repository_id = ?",
                    row ->
                        new Summary(
                            new ResourceKey(row.next()),
                            row.nextShared(),
                            row.nextShared(),
                            row.next(),
                            row.nextShared(),
                            ofLabel(Layer.class, row.next()),
                            row.next(),
                            ofLabel(Status.class, row.next())),
                    repositoryId))
        .forEach(summary -> byId.put(summary.key().id(), summary));
    return byId;
  }

  /** The ids of a repository's resources that are not deleted, in order: nothing else read. */
  public List<ResourceKey> liveKeys(long repositoryId) {
    return db.read(
        c ->
            Rows.query(
                c,
                "SELECT key FROM resource WHERE repository_id = ? AND status <> 'deleted' ORDER BY key",
                rs -> new ResourceKey(rs.getString(1)),
                repositoryId));
  }

  public Optional<RecordedResource> get(ResourceKey key) {
    return db.read(
        c ->
            RECORDED.query(c, "FROM resource WHERE key = ?", ResourceStore::map, key.id()).stream()
                .findFirst());
  }

  public List<RecordedResource> list(ResourceFilter filter) {
    StringBuilder sql = new StringBuilder("FROM resource WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (!filter.includeDeleted()) {
      sql.append(" AND status <> 'deleted'");
    }
    if (!filter.includeBuiltIn()) {
      sql.append(" AND repository_id NOT IN (SELECT id FROM repository WHERE url = ?)");
      args.add(RepositoryStore.BUILT_IN_URL);
    }
    for (String[] f :
        new String[][] {
          {"type", filter.type()},
          {"workspace", filter.workspace()},
          {"status", filter.status()},
          {"health", filter.health()}
        }) {
      if (f[1] != null) {
        sql.append(" AND ").append(f[0]).append(" = ?");
        args.add(f[1]);
      }
    }
    sql.append(" ORDER BY type, workspace, name");
    return db.read(c -> RECORDED.query(c, sql.toString(), ResourceStore::map, args.toArray()));
  }

  /** How many live resources there are per status and health: {status, health, count}. */
  public List<Object[]> countByStatusAndHealth() {
    return db.read(
        c ->
            Rows.query(
                c,
                "SELECT status, coalesce(health, ''), count(*) FROM resource WHERE status <> 'deleted' GROUP BY 1, 2",
                rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3)}));
  }

  /** Live resources of every repository but {@code repositoryId}. */
  public List<RecordedResource> liveElsewhere(long repositoryId) {
    return db.read(
        c ->
            RECORDED.query(
                c,
                "FROM resource WHERE repository_id <> ? AND status <> 'deleted' AND hash <> ''"
                    + " ORDER BY key",
                ResourceStore::map,
                repositoryId));
  }

  /**
   * Keys that a repository other than {@code repositoryId} manages, each with that repository's id.
   */
  public Map<ResourceKey, Long> ownedElsewhere(long repositoryId) {
    return db.read(
        c -> {
          Map<ResourceKey, Long> owners = new HashMap<>();
          Rows.query(
              c,
              // by the other repositories' ids, so each is read through the repository index:
              // "repository_id <> ?" read every row, the repository's own 50,000 included
              """
              SELECT key, repository_id FROM resource
              WHERE repository_id IN (SELECT id FROM repository WHERE id <> ?) AND status <> 'deleted'""",
              rs -> owners.put(new ResourceKey(rs.getString(1)), rs.getLong(2)),
              repositoryId);
          return owners;
        });
  }

  /** Those of {@code keys} that a repository other than {@code repositoryId} manages. */
  public Map<ResourceKey, Long> ownedElsewhere(long repositoryId, List<ResourceKey> keys) {
    if (keys.isEmpty()) {
      return Map.of();
    }
    Object[] args = new Object[keys.size() + 1];
    args[0] = repositoryId;
    for (int i = 0; i < keys.size(); i++) {
      args[i + 1] = keys.get(i).id();
    }
    return db.read(
        c -> {
          Map<ResourceKey, Long> owners = new HashMap<>();
          Rows.query(
              c,
              "SELECT key, repository_id FROM resource WHERE repository_id <> ? AND status <>"
                  + " 'deleted' AND key IN ("
                  + String.join(", ", Collections.nCopies(keys.size(), "?"))
                  + ")",
              rs -> owners.put(new ResourceKey(rs.getString(1)), rs.getLong(2)),
              args);
          return owners;
        });
  }

  /** A resource applied at a commit, with the state the executor reported. */
  public record Applied(
      Resource resource, String executor, Runtime runtime, Health health, String message) {}

  /** Records each of {@code applied} as applied at {@code commit}, as one batch. */
  public void recordApplied(Connection c, long repositoryId, String commit, List<Applied> applied)
      throws SQLException {
    String now = clock.instant().toString();
    List<Object[]> rows = new ArrayList<>(applied.size());
    for (Applied one : applied) {
      Resource resource = one.resource();
      rows.add(
          new Object[] {
            resource.key().id(),
            repositoryId,
            resource.typeLabel(),
            resource.version(),
            resource.name(),
            resource.workspace(),
            resource.layer().label(),
            one.executor(),
            resource.maskedJson(),
            resource.hash(),
            commit,
            resource.origin().file(),
            label(one.runtime()),
            one.health() == null ? null : one.health().label(),
            one.message(),
            now,
            now
          });
    }
    Rows.batch(
        c,
        """
        INSERT INTO resource (key, repository_id, type, version, name, workspace, layer, executor, spec_json, hash,
                              commit_sha, source_file, status, runtime, health, message, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?, ?)
        ON CONFLICT (key) DO UPDATE SET repository_id = excluded.repository_id, type = excluded.type,
          version = excluded.version, name = excluded.name, workspace = excluded.workspace, layer = excluded.layer,
          executor = excluded.executor, spec_json = excluded.spec_json, hash = excluded.hash,
          commit_sha = excluded.commit_sha, source_file = excluded.source_file, status = 'active',
          runtime = excluded.runtime, health = excluded.health, message = excluded.message,
          updated_at = excluded.updated_at, deleted_at = NULL, drift = ''""",
        rows);
  }

  /**
   * Records a declared resource as not applied — failing ({@code error}) or held back ({@code
   * waiting}) — leaving what was last applied (spec, hash, commit) as it is. A resource never
   * applied before is recorded with an empty hash, so the next sync creates it. Another
   * repository's live row is never touched (a resource it manages, declared here too, is refused
   * here and stays its).
   */
  public void recordNotApplied(
      Connection c,
      long repositoryId,
      Resource declared,
      RecordedResource recorded,
      String executor,
      Status status,
      String message)
      throws SQLException {
    String now = clock.instant().toString();
    if (recorded != null && recorded.applied()) {
      Rows.update(
          c,
          "UPDATE resource SET status = ?, message = ?, updated_at = ? WHERE key = ?",
          status.label(),
          message,
          now,
          recorded.key().id());
      return;
    }
    Rows.update(
        c,
        """
        INSERT INTO resource (key, repository_id, type, version, name, workspace, layer, executor, spec_json, hash,
                              commit_sha, source_file, status, runtime, health, message, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', ?, ?, NULL, ?, ?, ?, ?)
        ON CONFLICT (key) DO UPDATE SET repository_id = excluded.repository_id, spec_json = excluded.spec_json,
          hash = '', source_file = excluded.source_file, status = excluded.status, runtime = NULL,
          health = excluded.health, message = excluded.message, updated_at = excluded.updated_at, deleted_at = NULL
        WHERE resource.repository_id = excluded.repository_id OR resource.status = 'deleted'""",
        declared.key().id(),
        repositoryId,
        declared.typeLabel(),
        declared.version(),
        declared.name(),
        declared.workspace(),
        declared.layer().label(),
        executor,
        declared.maskedJson(),
        declared.origin().file(),
        status.label(),
        status == Status.WAITING ? Health.PROGRESSING.label() : Health.DEGRADED.label(),
        message,
        now,
        now);
  }

  /** Marks a recorded resource as failing; what it last applied stays. */
  public void markError(Connection c, ResourceKey key, String message) throws SQLException {
    Rows.update(
        c,
        "UPDATE resource SET status = 'error', message = ?, updated_at = ? WHERE key = ?",
        message,
        clock.instant().toString(),
        key.id());
  }

  /**
   * What watching its live objects found: their health, and how they differ from what was applied
   * ("" when they do not). Returns whether the drift changed.
   */
  public boolean observed(ResourceKey key, Health health, String drift) {
    return db.transaction(
        c -> {
          String before =
              Rows.first(
                      c,
                      "SELECT drift FROM resource WHERE key = ? AND status <> 'deleted'",
                      rs -> rs.getString(1),
                      key.id())
                  .orElse(null);
          if (before == null) {
            return false;
          }
          Rows.update(
              c,
              "UPDATE resource SET health = ?, drift = ? WHERE key = ?",
              health.label(),
              drift,
              key.id());
          return !before.equals(drift);
        });
  }

  /** How many live resources have drifted from what was applied. */
  public long driftedCount() {
    return db.read(
        c ->
            Rows.first(
                    c,
                    "SELECT count(*) FROM resource WHERE status <> 'deleted' AND drift <> ''",
                    rs -> rs.getLong(1))
                .orElse(0L));
  }

  /** Says something about a resource without changing its status. */
  public void setMessage(Connection c, ResourceKey key, String message) throws SQLException {
    Rows.update(
        c,
        "UPDATE resource SET message = ?, updated_at = ? WHERE key = ?",
        message,
        clock.instant().toString(),
        key.id());
  }

  public void markDeleted(Connection c, ResourceKey key, String commit) throws SQLException {
    String now = clock.instant().toString();
    Rows.update(
        c,
        "UPDATE resource SET status = 'deleted', runtime = NULL, health = ?, message = '', commit_sha = ?, updated_at = ?, deleted_at = ? WHERE key = ?",
        Health.MISSING.label(),
        commit,
        now,
        now,
        key.id());
  }

  private static String label(Runtime runtime) {
    return runtime == null ? null : runtime.label();
  }

  private static RecordedResource map(PackedRows.Fields row) {
    // (shared: what most rows repeat — type, version, workspace, executor, commit, file, message)
    return new RecordedResource(
        new ResourceKey(row.next()),
        row.nextLong(),
        row.nextShared(),
        row.nextShared(),
        row.next(),
        row.nextShared(),
        ofLabel(Layer.class, row.next()),
        row.nextShared(),
        row.next(),
        row.next(),
        row.nextShared(),
        row.nextShared(),
        ofLabel(Status.class, row.next()),
        optional(row.next(), runtime -> ofLabel(Runtime.class, runtime)),
        optional(row.next(), Health::ofLabel),
        row.nextShared(),
        row.nextInstant(),
        row.nextInstant(),
        row.nextShared());
  }

  /** The constant whose {@code label()} — its name in lower case — is stored. */
  private static <E extends Enum<E>> E ofLabel(Class<E> type, String label) {
    return Enum.valueOf(type, label.toUpperCase(Locale.ROOT));
  }

  private static <T> T optional(String text, Function<String, T> read) {
    return text == null ? null : read.apply(text);
  }
}
