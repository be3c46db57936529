package dev.poros.store;

import dev.poros.model.Json;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.type.TypeReference;

/** The {@code sync} table: one row per sync, opened when it starts and closed when it ends. */
public final class SyncStore {
  public static final String RUNNING = "running";
  public static final String INTERRUPTED = "interrupted";

  private static final String COLUMNS =
      "id, repository_id, commit_sha, branch, commit_message, commit_author, trigger, started_at, finished_at, outcome, created, updated, deleted, unchanged, failed, files_changed, message, warnings, warning_count, audits, audit_count";

  private final PorosDb db;
  private final Clock clock;

  public SyncStore(PorosDb db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * Opens a sync that started at {@code startedAt} (before its fetch) and has read its commit, with
   * what its judgement noted without failing anything (its warnings and audit findings).
   */
  public long start(
      long repositoryId,
      Instant startedAt,
      CommitRecord commit,
      String trigger,
      Integer filesChanged,
      SyncNotes warnings,
      SyncNotes audits) {
    return db.transaction(
        c -> {
          // this sync may change the repository's rows: what the last one declared is not theirs
          DeclaredFiles.distrust(c, repositoryId);
          long id = open(c, repositoryId, startedAt, commit, trigger, filesChanged);
          if (warnings.count() > 0 || audits.count() > 0) {
            Rows.update(
                c,
                "UPDATE sync SET warnings = ?, warning_count = ?, audits = ?, audit_count = ?"
                    + " WHERE id = ?",
                Json.JSON.writeValueAsString(warnings.shown()),
                warnings.count(),
                Json.JSON.writeValueAsString(audits.shown()),
                audits.count(),
                id);
          }
          return id;
        });
  }

  private static long open(
      Connection c,
      long repositoryId,
      Instant startedAt,
      CommitRecord commit,
      String trigger,
      Integer filesChanged)
      throws SQLException {
    return Rows.insert(
        c,
        "INSERT INTO sync (repository_id, commit_sha, branch, commit_message, commit_author, trigger, started_at, files_changed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        repositoryId,
        commit.sha(),
        commit.branch(),
        commit.message(),
        commit.author(),
        trigger,
        startedAt.toString(),
        filesChanged);
  }

  /**
   * Closes a sync, with the inputs its plan depended on (null: none that a later sync could trust)
   * and what it loaded ({@code declared}; null: a sync that did not settle, whose files the next
   * sync reads again); when it reached its commit, the repository records that commit as synced in
   * the same transaction.
   */
  public void finish(
      long syncId,
      long repositoryId,
      String syncedCommit,
      String outcome,
      SyncCounts counts,
      String message,
      String inputs,
      DeclaredFiles.Update declared) {
    db.transaction(
        c -> {
          close(c, syncId, repositoryId, syncedCommit, outcome, counts, message, inputs);
          if (declared != null) {
            DeclaredFiles.write(c, repositoryId, syncId, declared);
          }
          return null;
        });
  }

  /**
   * Records, in one transaction, a sync that found its inputs as the last one left them: {@code
   * unchanged} resources, nothing else done.
   */
  public long unchanged(
      long repositoryId,
      Instant startedAt,
      CommitRecord commit,
      String trigger,
      int unchanged,
      String inputs) {
    return db.transaction(
        c -> {
          long id = open(c, repositoryId, startedAt, commit, trigger, 0);
          // the same inputs find the same warnings and audit findings: noted again, so that the
          // newest sync (what the dashboard and the API show) still says them
          Rows.update(
              c,
              "UPDATE sync SET (warnings, warning_count, audits, audit_count) = (SELECT warnings,"
                  + " warning_count, audits, audit_count FROM sync WHERE repository_id = ? AND id"
                  + " < ? AND inputs = ? ORDER BY id DESC LIMIT 1) WHERE id = ?",
              repositoryId,
              id,
              inputs,
              id);
          close(
              c,
              id,
              repositoryId,
              commit.sha(),
              "succeeded",
              new SyncCounts(0, 0, 0, unchanged, 0),
              "",
              inputs);
          return id;
        });
  }

  private void close(
      Connection c,
      long syncId,
      long repositoryId,
      String syncedCommit,
      String outcome,
      SyncCounts counts,
      String message,
      String inputs)
      throws SQLException {
    Rows.update(
        c,
        "UPDATE sync SET finished_at = ?, outcome = ?, created = ?, updated = ?, deleted = ?, unchanged = ?, failed = ?, message = ?, inputs = ? WHERE id = ?",
        clock.instant().toString(),
        outcome,
        counts.created(),
        counts.updated(),
        counts.deleted(),
        counts.unchanged(),
        counts.failed(),
        message,
        inputs,
        syncId);
    if (syncedCommit != null) {
      Rows.update(
          c,
          "UPDATE repository SET last_commit = ?, last_synced_at = ? WHERE id = ?",
          syncedCommit,
          clock.instant().toString(),
          repositoryId);
    }
  }

  /** Records a sync that could not get as far as a commit (the fetch failed). */
  public long failedBeforeCommit(
      long repositoryId, Instant startedAt, String trigger, String message) {
    return failed(repositoryId, startedAt, new CommitRecord(null, "", "", ""), trigger, message);
  }

  /**
   * Records a sync of {@code commit} that failed before it applied anything; the repository's
   * synced commit stays where it was.
   */
  public long failed(
      long repositoryId, Instant startedAt, CommitRecord commit, String trigger, String message) {
    // nothing applied: what the last settled sync declared is still what the rows hold
    long id = db.transaction(c -> open(c, repositoryId, startedAt, commit, trigger, null));
    finish(id, repositoryId, null, "failed", new SyncCounts(0, 0, 0, 0, 0), message, null, null);
    return id;
  }

  /**
   * Marks syncs a crashed process left running; returns how many. What each applied before the
   * crash is counted from its events, which were recorded with each change in one transaction.
   */
  public int markInterrupted(long repositoryId) {
    return db.transaction(
        c ->
            Rows.update(
                c,
                """
                UPDATE sync SET outcome = ?, finished_at = ?, message = 'the agent stopped during this sync',
                  created = (SELECT count(*) FROM event e WHERE e.sync_id = sync.id AND e.action = 'created'),
                  updated = (SELECT count(*) FROM event e WHERE e.sync_id = sync.id AND e.action = 'configured'),
                  deleted = (SELECT count(*) FROM event e WHERE e.sync_id = sync.id AND e.action = 'deleted'),
                  failed = (SELECT count(*) FROM event e WHERE e.sync_id = sync.id AND e.action IN ('failed', 'skipped'))
                WHERE repository_id = ? AND finished_at IS NULL""",
                INTERRUPTED,
                clock.instant().toString(),
                repositoryId));
  }

  public List<SyncRecord> history(int limit) {
    return db.read(
        c ->
            Rows.query(
                c,
                "SELECT " + COLUMNS + " FROM sync ORDER BY id DESC LIMIT ?",
                SyncStore::map,
                limit));
  }

  /** The inputs the newest sync of a repository recorded, if it recorded any. */
  public Optional<String> lastInputs(long repositoryId) {
    return db.read(
        c ->
            Rows.first(
                    c,
                    "SELECT inputs FROM sync WHERE repository_id = ? ORDER BY id DESC LIMIT 1",
                    rs -> Optional.ofNullable(rs.getString(1)),
                    repositoryId)
                .flatMap(inputs -> inputs));
  }

  /** The newest sync of a repository, whatever its outcome. */
  public Optional<SyncRecord> latest(long repositoryId) {
    return db.read(
        c ->
            Rows.first(
                c,
                "SELECT " + COLUMNS + " FROM sync WHERE repository_id = ? ORDER BY id DESC LIMIT 1",
                SyncStore::map,
                repositoryId));
  }

  /** The newest sync that brought a repository to the commit it records as synced. */
  public Optional<SyncRecord> lastSynced(long repositoryId) {
    return db.read(
        c ->
            Rows.first(
                c,
                "SELECT "
                    + COLUMNS
                    + " FROM sync WHERE repository_id = ? AND finished_at IS NOT NULL"
                    + " AND commit_sha = (SELECT last_commit FROM repository WHERE id = ?)"
                    + " ORDER BY id DESC LIMIT 1",
                SyncStore::map,
                repositoryId,
                repositoryId));
  }

  public Optional<SyncRecord> get(long id) {
    return db.read(
        c -> Rows.first(c, "SELECT " + COLUMNS + " FROM sync WHERE id = ?", SyncStore::map, id));
  }

  private static SyncRecord map(ResultSet rs) throws SQLException {
    return new SyncRecord(
        rs.getLong("id"),
        rs.getLong("repository_id"),
        rs.getString("commit_sha"),
        rs.getString("branch"),
        rs.getString("commit_message"),
        rs.getString("commit_author"),
        rs.getString("trigger"),
        Rows.instant(rs, "started_at"),
        Rows.instant(rs, "finished_at"),
        rs.getString("outcome"),
        rs.getInt("created"),
        rs.getInt("updated"),
        rs.getInt("deleted"),
        rs.getInt("unchanged"),
        rs.getInt("failed"),
        rs.getObject("files_changed") == null ? null : rs.getInt("files_changed"),
        rs.getString("message"),
        notes(rs.getString("warnings"), rs.getInt("warning_count")),
        notes(rs.getString("audits"), rs.getInt("audit_count")));
  }

  private static SyncNotes notes(String json, int count) {
    return json == null
        ? SyncNotes.NONE
        : new SyncNotes(Json.JSON.readValue(json, new TypeReference<List<String>>() {}), count);
  }
}
