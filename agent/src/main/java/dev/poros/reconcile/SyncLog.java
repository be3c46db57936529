package dev.poros.reconcile;

import dev.poros.plan.Plan;
import dev.poros.source.Snapshot;
import dev.poros.store.RepositoryRecord;
import dev.poros.store.SyncCounts;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One line per sync, its facts as key-value pairs: text logs print them, JSON logs keep them. */
final class SyncLog {
  // named for the reconciler: "Reconciler - sync repo=…" is the line users and scripts look for
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  private SyncLog() {}

  /** {@code judged}: the verdict the sync planned (null: it ended before judging). */
  static void ended(
      RepositoryRecord repo,
      Snapshot snapshot,
      Trigger trigger,
      SyncOutcome outcome,
      SyncCounts counts,
      Plan plan,
      Judged judged,
      Duration duration) {
    LOG.atInfo()
        .setMessage("sync")
        .addKeyValue("repo", repo.displayName())
        .addKeyValue("commit", snapshot.shortCommit())
        .addKeyValue("trigger", trigger.label())
        .addKeyValue("outcome", outcome.label())
        .addKeyValue("created", counts.created())
        .addKeyValue("updated", counts.updated())
        .addKeyValue("deleted", counts.deleted())
        .addKeyValue("unchanged", counts.unchanged())
        .addKeyValue("failed", counts.failed())
        .addKeyValue("invalid", plan.rejected().size())
        .addKeyValue("held", plan.held().size())
        .addKeyValue("parsed", judged == null ? 0 : judged.filesParsed())
        // resources judged and planned: all of them, or what a change touched and what it needs
        .addKeyValue("planned", judged == null ? 0 : judged.planned().resources().size())
        .addKeyValue("duration_ms", duration.toMillis())
        .log();
  }

  /** A sync that failed before it read its commit: the fetch, or reading the commit. */
  static void failedBeforeCommit(RepositoryRecord repo, Trigger trigger, String reason) {
    LOG.warn(
        "sync repo={} trigger={} outcome=failed reason=\"{}\"",
        repo.displayName(),
        trigger.label(),
        reason);
  }

  /** A sync that failed before it applied anything. */
  static void failed(RepositoryRecord repo, Snapshot snapshot, Trigger trigger, String reason) {
    LOG.warn(
        "sync repo={} commit={} trigger={} outcome=failed reason=\"{}\"",
        repo.displayName(),
        snapshot.shortCommit(),
        trigger.label(),
        reason);
  }
}
