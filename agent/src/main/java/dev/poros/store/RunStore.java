package dev.poros.store;

import dev.poros.model.ProcessStamp;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code run} and {@code node_run} tables, and the runtime a run gives its workflow's resource
 * row ({@code runtime} and a progress message), written together.
 */
public final class RunStore {
  /** The state of a run the agent's stopping cut short. */
  public static final String INTERRUPTED = "interrupted";

  private static final String RUN_COLUMNS =
      "id, resource_key, spec_hash, trigger, state, progress, started_at, finished_at, message";
  private static final String NODE_COLUMNS =
      "run_id, node, attempt, state, exit_code, log_path, started_at, finished_at, message";

  private static final ProcessHandle SELF = ProcessHandle.current();

  private final PorosDb db;
  private final Clock clock;

  public RunStore(PorosDb db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  public long start(String resourceKey, String specHash, String trigger, int nodes) {
    String now = clock.instant().toString();
    return db.transaction(
        c -> {
          long id =
              Rows.insert(
                  c,
                  "INSERT INTO run (resource_key, spec_hash, trigger, state, progress, started_at, owner_pid, owner_start) VALUES (?, ?, ?, 'running', ?, ?, ?, ?)",
                  resourceKey,
                  specHash,
                  trigger,
                  "0/" + nodes,
                  now,
                  SELF.pid(),
                  ProcessStamp.startOf(SELF));
          Rows.update(
              c,
              "UPDATE resource SET runtime = 'running', health = 'Progressing', message = ?, updated_at = ? WHERE key = ?",
              "run " + id + " running 0/" + nodes,
              now,
              resourceKey);
          return id;
        });
  }

  /** Records a node attempt's state; a finished attempt gets its end time and exit code. */
  public void node(
      long runId,
      String node,
      int attempt,
      String state,
      Integer exitCode,
      String logPath,
      String message) {
    String now = clock.instant().toString();
    boolean finished = !state.equals("running") && !state.equals("pending");
    db.transaction(
        c ->
            Rows.update(
                c,
                """
        INSERT INTO node_run (run_id, node, attempt, state, exit_code, log_path, started_at, finished_at, message)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (run_id, node, attempt) DO UPDATE SET state = excluded.state, exit_code = excluded.exit_code,
          finished_at = excluded.finished_at, message = excluded.message""",
                runId,
                node,
                attempt,
                state,
                exitCode,
                logPath,
                state.equals("skipped") ? null : now,
                finished ? now : null,
                message));
  }

  /** Updates a running run's progress, on the run and on its resource's message. */
  public void progress(long runId, String resourceKey, String progress) {
    String now = clock.instant().toString();
    db.transaction(
        c -> {
          Rows.update(c, "UPDATE run SET progress = ? WHERE id = ?", progress, runId);
          Rows.update(
              c,
              "UPDATE resource SET message = ?, updated_at = ? WHERE key = ? AND runtime = 'running'",
              "run " + runId + " running " + progress,
              now,
              resourceKey);
          return null;
        });
  }

  /** Ends a run and gives its state to the resource's runtime. */
  public void finish(
      long runId, String resourceKey, String state, String progress, String message) {
    String now = clock.instant().toString();
    db.transaction(
        c -> {
          Rows.update(
              c,
              "UPDATE run SET state = ?, progress = ?, finished_at = ?, message = ? WHERE id = ?",
              state,
              progress,
              now,
              message,
              runId);
          Rows.update(
              c,
              "UPDATE resource SET runtime = ?, health = ?, message = ?, updated_at = ? WHERE key = ? AND status <> 'deleted'",
              state,
              state.equals("succeeded") ? "Healthy" : "Degraded",
              "run "
                  + runId
                  + " "
                  + state
                  + " "
                  + progress
                  + (message.isEmpty() ? "" : ": " + message),
              now,
              resourceKey);
          return null;
        });
  }

  /**
   * What a stopped agent left: its unfinished runs, as they were, and the processes their nodes had
   * started (which may still run).
   */
  public record Abandoned(List<RunRecord> runs, List<ProcessStamp> processes) {}

  /** Records the process a running node attempt started. */
  public void nodeProcess(long runId, String node, int attempt, ProcessStamp process) {
    db.transaction(
        c ->
            Rows.update(
                c,
                "UPDATE node_run SET pid = ?, pid_start = ? WHERE run_id = ? AND node = ? AND attempt = ?",
                process.pid(),
                process.started(),
                runId,
                node,
                attempt));
  }

  /**
   * Records as interrupted the runs whose Poros process is gone (it stopped or crashed mid-run),
   * and their workflows' runtime with them.
   */
  public Abandoned markAbandoned() {
    String now = clock.instant().toString();
    return db.transaction(
        c -> {
          List<RunRecord> abandoned = new ArrayList<>();
          List<ProcessStamp> processes = new ArrayList<>();
          Rows.query(
              c,
              "SELECT "
                  + RUN_COLUMNS
                  + ", owner_pid, owner_start FROM run WHERE state IN ('running', 'pending')",
              rs -> {
                ProcessStamp owner =
                    new ProcessStamp(rs.getLong("owner_pid"), rs.getString("owner_start"));
                if (owner.running().isEmpty()) {
                  abandoned.add(run(rs));
                }
                return null;
              });
          for (RunRecord run : abandoned) {
            processes.addAll(
                Rows.query(
                    c,
                    "SELECT pid, pid_start FROM node_run WHERE run_id = ? AND state = 'running' AND pid IS NOT NULL",
                    rs -> new ProcessStamp(rs.getLong(1), rs.getString(2)),
                    run.id()));
            Rows.update(
                c,
                "UPDATE node_run SET state = ?, finished_at = ?, message = 'the agent stopped during this node' WHERE run_id = ? AND state IN ('running', 'pending')",
                INTERRUPTED,
                now,
                run.id());
            Rows.update(
                c,
                "UPDATE run SET state = ?, finished_at = ?, message = 'the agent stopped during this run' WHERE id = ?",
                INTERRUPTED,
                now,
                run.id());
            Rows.update(
                c,
                "UPDATE resource SET runtime = ?, health = 'Degraded', message = ?, updated_at = ? WHERE key = ? AND runtime = 'running'",
                INTERRUPTED,
                "run " + run.id() + " interrupted: the agent stopped during it",
                now,
                run.resourceKey());
          }
          return new Abandoned(abandoned, processes);
        });
  }

  /** Why a run ends when {@code poros runtime stop} ends it. */
  public static final String STOPPED = "stopped by poros runtime stop";

  /** Holds {@code resourceKey}'s schedule; false when it was held already. */
  public boolean pause(String resourceKey) {
    return db.transaction(
            c ->
                Rows.update(
                    c,
                    "INSERT OR IGNORE INTO workflow_pause (resource_key, paused_at) VALUES (?, ?)",
                    resourceKey,
                    clock.instant().toString()))
        > 0;
  }

  /** Releases {@code resourceKey}'s schedule; false when it was not held. */
  public boolean resume(String resourceKey) {
    return db.transaction(
            c -> Rows.update(c, "DELETE FROM workflow_pause WHERE resource_key = ?", resourceKey))
        > 0;
  }

  public boolean paused(String resourceKey) {
    return db.read(
        c ->
            Rows.first(
                    c,
                    "SELECT 1 FROM workflow_pause WHERE resource_key = ?",
                    rs -> true,
                    resourceKey)
                .isPresent());
  }

  /** The workflows whose schedules are held. */
  public Set<String> pausedKeys() {
    return db.read(
        c ->
            Set.copyOf(
                Rows.query(c, "SELECT resource_key FROM workflow_pause", rs -> rs.getString(1))));
  }

  /** A running run asked to stop: its id, who runs it, and its running nodes' processes. */
  public record StopAsked(long runId, ProcessStamp owner, List<ProcessStamp> processes) {}

  /** Marks {@code resourceKey}'s running run as asked to stop; empty when none runs. */
  public Optional<StopAsked> requestStop(String resourceKey) {
    return db.transaction(
        c -> {
          Optional<Object[]> running =
              Rows.first(
                  c,
                  "SELECT id, owner_pid, owner_start FROM run WHERE resource_key = ?"
                      + " AND state = 'running' ORDER BY id DESC LIMIT 1",
                  rs ->
                      new Object[] {
                        rs.getLong(1), new ProcessStamp(rs.getLong(2), rs.getString(3))
                      },
                  resourceKey);
          if (running.isEmpty()) {
            return Optional.<StopAsked>empty();
          }
          long id = (Long) running.get()[0];
          Rows.update(c, "UPDATE run SET stop_requested = 1 WHERE id = ?", id);
          List<ProcessStamp> processes =
              Rows.query(
                  c,
                  "SELECT pid, pid_start FROM node_run WHERE run_id = ? AND state = 'running'"
                      + " AND pid IS NOT NULL",
                  rs -> new ProcessStamp(rs.getLong(1), rs.getString(2)),
                  id);
          return Optional.of(new StopAsked(id, (ProcessStamp) running.get()[1], processes));
        });
  }

  public boolean stopRequested(long runId) {
    return db.read(
        c ->
            Rows.first(
                    c,
                    "SELECT stop_requested FROM run WHERE id = ?",
                    rs -> rs.getInt(1) == 1,
                    runId)
                .orElse(false));
  }

  /** How many workflow runs there are per state: {state, count}. */
  public List<Object[]> countByState() {
    return db.read(
        c ->
            Rows.query(
                c,
                "SELECT state, count(*) FROM run GROUP BY 1",
                rs -> new Object[] {rs.getString(1), rs.getLong(2)}));
  }

  public List<RunRecord> runs(String resourceKey, int limit) {
    return db.read(
        c ->
            Rows.query(
                c,
                "SELECT "
                    + RUN_COLUMNS
                    + " FROM run WHERE resource_key = ? ORDER BY id DESC LIMIT ?",
                RunStore::run,
                resourceKey,
                limit));
  }

  public Optional<RunRecord> run(long id) {
    return db.read(
        c -> Rows.first(c, "SELECT " + RUN_COLUMNS + " FROM run WHERE id = ?", RunStore::run, id));
  }

  public List<NodeRunRecord> nodes(long runId) {
    return db.read(
        c ->
            Rows.query(
                c,
                "SELECT "
                    + NODE_COLUMNS
                    + " FROM node_run WHERE run_id = ? ORDER BY started_at, node, attempt",
                RunStore::node,
                runId));
  }

  private static RunRecord run(ResultSet rs) throws SQLException {
    return new RunRecord(
        rs.getLong("id"),
        rs.getString("resource_key"),
        rs.getString("spec_hash"),
        rs.getString("trigger"),
        rs.getString("state"),
        rs.getString("progress"),
        Rows.instant(rs, "started_at"),
        Rows.instant(rs, "finished_at"),
        rs.getString("message"));
  }

  private static NodeRunRecord node(ResultSet rs) throws SQLException {
    return new NodeRunRecord(
        rs.getLong("run_id"),
        rs.getString("node"),
        rs.getInt("attempt"),
        rs.getString("state"),
        rs.getObject("exit_code") == null ? null : rs.getInt("exit_code"),
        rs.getString("log_path"),
        Rows.instant(rs, "started_at"),
        Rows.instant(rs, "finished_at"),
        rs.getString("message"));
  }
}
