package dev.poros.reconcile;

import dev.poros.apply.ChangeSet;
import dev.poros.apply.PlanApplier;
import dev.poros.load.LoadResult;
import dev.poros.load.ManifestLoader;
import dev.poros.model.Action;
import dev.poros.model.DesiredState;
import dev.poros.model.RecordedResource;
import dev.poros.model.ResourceKey;
import dev.poros.plan.Plan;
import dev.poros.plan.PlanAction;
import dev.poros.plan.Planner;
import dev.poros.source.RepoLocation;
import dev.poros.source.RepoSpec;
import dev.poros.source.Snapshot;
import dev.poros.source.Source;
import dev.poros.source.SourceException;
import dev.poros.store.RepositoryRecord;
import dev.poros.store.RepositoryStore;
import dev.poros.store.ResourceStore;
import dev.poros.store.Stores;
import dev.poros.store.SyncCounts;
import dev.poros.store.SyncStore;
import dev.poros.validate.Validator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sync, as a script: fetch → load → validate → plan → apply → record. Each step is a call into
 * its own stage; every write is a transaction, and the repository's synced commit moves only at the
 * end, so a sync cut short anywhere is finished by the next one.
 */
public final class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  private final Source source;
  private final ManifestLoader loader;
  private final Validator validator;
  private final Planner planner;
  private final PlanApplier applier;
  private final String executorName;
  private final RepositoryStore repositories;
  private final ResourceStore resources;
  private final SyncStore syncs;
  private final ResultRecorder recorder;
  private final SyncLocks locks;
  private final Clock clock;

  public Reconciler(
      Source source,
      ManifestLoader loader,
      Validator validator,
      Planner planner,
      PlanApplier applier,
      String executorName,
      Stores stores,
      java.nio.file.Path lockDir,
      Clock clock) {
    this.source = source;
    this.loader = loader;
    this.validator = validator;
    this.planner = planner;
    this.applier = applier;
    this.executorName = executorName;
    this.repositories = stores.repositories();
    this.resources = stores.resources();
    this.syncs = stores.syncs();
    this.recorder =
        new ResultRecorder(stores.db(), stores.resources(), stores.events(), stores.vault());
    this.locks = new SyncLocks(lockDir);
    this.clock = clock;
  }

  /**
   * Syncs {@code spec} at {@code ref} (null: its branch). With {@code dryRun} it plans and records
   * nothing. Throws {@link SourceException} when the repository cannot be fetched or read.
   */
  public SyncResult reconcile(RepoSpec spec, String ref, Trigger trigger, boolean dryRun) {
    RepoLocation location = RepoLocation.parse(spec.url());
    String branchKey = spec.branch() == null ? "" : spec.branch();
    try (SyncLocks.Held held = locks.acquire(location.mirrorName())) {
      Instant started = clock.instant();
      RepositoryRecord repo =
          dryRun
              ? repositories
                  .find(location.url(), branchKey, spec.path())
                  .orElse(
                      new RepositoryRecord(-1, location.url(), branchKey, spec.path(), null, null))
              : repositories.ensure(location.url(), branchKey, spec.path());
      if (!dryRun) {
        syncs.markInterrupted(repo.id());
      }
      // fetch: the commit and the files it declares
      Snapshot snapshot;
      try {
        snapshot = source.snapshot(spec, ref, repo.lastCommit());
      } catch (SourceException e) {
        if (!dryRun) {
          syncs.failedBeforeCommit(repo.id(), started, trigger.label(), e.getMessage());
        }
        LOG.warn(
            "sync repo={} trigger={} outcome=failed reason=\"{}\"",
            repo.displayName(),
            trigger.label(),
            e.getMessage());
        throw e;
      }
      // load and validate: what the commit declares, and which of it may be applied
      LoadResult loaded = loader.load(snapshot);
      DesiredState desired = validator.validate(loaded);
      // plan: against what this repository's resources are recorded as
      List<RecordedResource> recorded =
          repo.id() < 0 ? List.of() : resources.forRepository(repo.id());
      Plan plan = planner.plan(desired, recorded, ownedElsewhere(repo.id()));
      if (dryRun) {
        return new SyncResult(
            -1,
            snapshot,
            plan,
            new ChangeSet(List.of()),
            desired.problems(),
            SyncOutcome.DRY_RUN,
            Duration.between(started, clock.instant()));
      }
      // apply and record: each result is written before the next step runs
      Integer changed =
          snapshot.changedSinceLast() == null ? null : snapshot.changedSinceLast().size();
      long syncId =
          syncs.start(
              repo.id(), started, snapshot.commit(), snapshot.branch(), trigger.label(), changed);
      Map<ResourceKey, RecordedResource> byKey =
          recorded.stream().collect(Collectors.toMap(RecordedResource::key, Function.identity()));
      recorder.recordVerdicts(syncId, repo.id(), plan, byKey, executorName);
      ChangeSet changes =
          applier.apply(
              plan, entry -> recorder.record(syncId, repo.id(), snapshot.commit(), entry));
      // finish: the commit counts as synced once every step is recorded
      SyncCounts counts = counts(plan, changes);
      SyncOutcome outcome =
          counts.failed() == 0
                  && plan.rejected().isEmpty()
                  && plan.held().isEmpty()
                  && desired.fileProblems().isEmpty()
              ? SyncOutcome.SUCCEEDED
              : SyncOutcome.DEGRADED;
      String message =
          outcome == SyncOutcome.SUCCEEDED
              ? ""
              : desired.problems().size() + " problem(s), " + counts.failed() + " failed";
      syncs.finish(syncId, repo.id(), snapshot.commit(), outcome.label(), counts, message);
      Duration duration = Duration.between(started, clock.instant());
      LOG.info(
          "sync repo={} commit={} trigger={} outcome={} created={} updated={} deleted={} unchanged={} failed={} invalid={} duration_ms={}",
          repo.displayName(),
          snapshot.shortCommit(),
          trigger.label(),
          outcome.label(),
          counts.created(),
          counts.updated(),
          counts.deleted(),
          counts.unchanged(),
          counts.failed(),
          plan.rejected().size(),
          duration.toMillis());
      return new SyncResult(syncId, snapshot, plan, changes, desired.problems(), outcome, duration);
    }
  }

  private Map<ResourceKey, String> ownedElsewhere(long repositoryId) {
    Map<Long, String> names = new HashMap<>();
    repositories.list().forEach(r -> names.put(r.id(), r.displayName()));
    Map<ResourceKey, String> owners = new HashMap<>();
    resources
        .ownedElsewhere(repositoryId)
        .forEach((key, owner) -> owners.put(key, names.get(owner)));
    return owners;
  }

  private static SyncCounts counts(Plan plan, ChangeSet changes) {
    int created = (int) changes.count(Action.CREATED);
    int updated = (int) changes.count(Action.CONFIGURED);
    int deleted = (int) changes.count(Action.DELETED);
    int unchanged = (int) plan.count(PlanAction.UNCHANGED);
    int failed = (int) (changes.count(Action.FAILED) + changes.count(Action.SKIPPED));
    return new SyncCounts(created, updated, deleted, unchanged, failed);
  }
}
