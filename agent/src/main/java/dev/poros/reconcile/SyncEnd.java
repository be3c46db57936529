package dev.poros.reconcile;

import dev.poros.apply.ChangeSet;
import dev.poros.apply.ChangeSetEntry;
import dev.poros.load.ManifestLoader;
import dev.poros.model.Action;
import dev.poros.model.DesiredState;
import dev.poros.plan.Plan;
import dev.poros.source.Snapshot;
import dev.poros.store.DeclaredFiles;
import dev.poros.store.Generations;
import dev.poros.store.RepositoryRecord;
import dev.poros.store.SyncCounts;
import dev.poros.store.SyncStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A sync's last step, once every step is recorded: its outcome, its row finished (the repository's
 * synced commit moves only here), its verdict kept for the next sync to judge a change from when it
 * settled, its line logged and the observer told.
 */
final class SyncEnd {
  private final SyncStore syncs;
  private final Generations generations;
  private final SettledVerdicts settled;
  private final ManifestLoader loader;
  private final SyncObserver observer;
  private final Clock clock;

  SyncEnd(
      SyncStore syncs,
      Generations generations,
      SettledVerdicts settled,
      ManifestLoader loader,
      SyncObserver observer,
      Clock clock) {
    this.syncs = syncs;
    this.generations = generations;
    this.settled = settled;
    this.loader = loader;
    this.observer = observer;
    this.clock = clock;
  }

  /** A sync's plan and change set, with their counts and whether a step waits. */
  record Applied(Plan plan, ChangeSet changes, SyncCounts counts, boolean waiting) {}

  /**
   * Ends sync {@code syncId} of {@code snapshot}, judged as {@code judged} and applied as {@code
   * applied}. {@code inputs}: what the plan depended on (null: not to be recorded); {@code before}:
   * the recorded state's stamp read before anything the plan used.
   */
  SyncResult finish(
      long syncId,
      RepositoryRecord repo,
      Snapshot snapshot,
      Trigger trigger,
      Judged judged,
      Applied applied,
      Instant started,
      SyncInputs inputs,
      Generations.Stamp before) {
    DesiredState desired = judged.desired();
    Plan plan = applied.plan();
    SyncCounts counts = applied.counts();
    boolean clean =
        counts.failed() == 0
            && plan.rejected().isEmpty()
            && plan.held().isEmpty()
            && desired.fileProblems().isEmpty();
    SyncOutcome outcome = clean ? SyncOutcome.SUCCEEDED : SyncOutcome.DEGRADED;
    String message =
        clean
            ? ""
            : desired.problems().size()
                + " problem(s), "
                + counts.failed()
                + " failed, "
                + plan.held().size()
                + " held";
    // a snapshot of nothing for a repository that never finished a sync has no commit to record
    String synced = snapshot.commit().isEmpty() ? null : snapshot.commit();
    boolean settles = clean && desired.warnings().isEmpty() && !applied.waiting();
    // the fingerprint a later sync compares with: these inputs over the recorded state as this one
    // leaves it — unless another repository changed what this one may use meanwhile (null)
    Generations.Stamp after = settles && inputs != null ? generations.of(repo.id()) : null;
    String fingerprint =
        after != null && after.others() == before.others() ? inputs.over(after) : null;
    syncs.finish(
        syncId,
        repo.id(),
        synced,
        outcome.label(),
        counts,
        message,
        fingerprint,
        settles ? judged.declaring() : intactPart(judged, applied));
    remember(repo, snapshot, judged, inputs, fingerprint, after);
    Duration duration = Duration.between(started, clock.instant());
    SyncLog.ended(repo, snapshot, trigger, outcome, counts, plan, judged, duration);
    SyncResult result =
        new SyncResult(
            syncId,
            snapshot,
            plan,
            applied.changes(),
            desired.problems(),
            desired.allWarnings(),
            outcome,
            duration);
    observer.finished(result);
    return result;
  }

  /**
   * Of an unsettled whole judgement's declarations, the files the next sync may restore from their
   * rows: those whose every resource was applied or stood unchanged, without a problem or a warning
   * of the validator's (each row holds the spec the file declares; policies' warnings are part of
   * the verdict declared). A broken file, and the file of a resource rejected, held, failed,
   * skipped or waiting, are left out — their earlier declarations dropped — and the next sync
   * parses them. Null: nothing to declare (a change's judgement keeps none).
   */
  static DeclaredFiles.Update intactPart(Judged judged, Applied applied) {
    DeclaredFiles.Update all = judged.declaring();
    if (all == null || judged.change() != null) {
      return null;
    }
    DesiredState desired = judged.desired();
    Set<String> troubled = desired.troubledFiles();
    applied.plan().rejected().forEach(r -> troubled.add(r.resource().origin().file()));
    // a resource's file, restored or parsed: a restored file's earlier declaration goes too
    Map<String, String> fileOf = new HashMap<>();
    desired.resources().forEach(r -> fileOf.put(r.key().id(), r.origin().file()));
    List<String> troubledKeys = new ArrayList<>();
    applied.plan().held().forEach(h -> troubledKeys.add(h.recorded().key().id()));
    for (ChangeSetEntry entry : applied.changes().entries()) {
      Action action = entry.result().action();
      if (action == Action.FAILED || action == Action.SKIPPED || action == Action.WAITING) {
        troubledKeys.add(entry.step().key().id());
      }
    }
    troubledKeys.stream().map(fileOf::get).filter(Objects::nonNull).forEach(troubled::add);
    Map<String, String> parsed = new HashMap<>(all.parsed());
    parsed.keySet().removeAll(troubled);
    Set<String> gone = new HashSet<>(all.gone());
    gone.addAll(troubled);
    return new DeclaredFiles.Update(
        all.whole(),
        parsed,
        all.entries().stream().filter(e -> !troubled.contains(e.path())).toList(),
        gone,
        all.environment());
  }

  /**
   * Keeps the verdict of a sync that recorded {@code fingerprint} (it settled) for the next sync to
   * judge a change from; forgets the last one otherwise.
   */
  private void remember(
      RepositoryRecord repo,
      Snapshot snapshot,
      Judged judged,
      SyncInputs inputs,
      String fingerprint,
      Generations.Stamp stamp) {
    if (fingerprint == null) {
      settled.forget(repo.id());
      return;
    }
    SettledJudgement kept =
        SettledJudgement.of(repo.id(), snapshot, inputs, fingerprint, stamp, judged);
    if (judged.change() == null) {
      // its references' index is made now, beside a whole judgement's cost: the next change would
      // pay for it (at 50,000 resources, three quarters of the first change after a whole sync)
      kept.references();
    }
    settled.keep(kept);
    if (SettledJudgement.holdsStubs(judged)) {
      loader.forget(snapshot.files()); // the specs the settled verdict let go go with the parses
    }
  }
}
