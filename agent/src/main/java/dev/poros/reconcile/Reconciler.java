package dev.poros.reconcile;

import dev.poros.apply.ChangeSet;
import dev.poros.apply.PlanApplier;
import dev.poros.load.LoadResult;
import dev.poros.load.ManifestLoader;
import dev.poros.load.ResourceFactory;
import dev.poros.model.Action;
import dev.poros.model.DesiredState;
import dev.poros.model.Problem;
import dev.poros.model.RecordedResource;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import dev.poros.model.SecretData;
import dev.poros.plan.Plan;
import dev.poros.plan.PlanAction;
import dev.poros.plan.PlanStep;
import dev.poros.plan.Planner;
import dev.poros.policy.Admission;
import dev.poros.source.RepoLocation;
import dev.poros.source.RepoSpec;
import dev.poros.source.Snapshot;
import dev.poros.source.Source;
import dev.poros.source.SourceException;
import dev.poros.source.UnverifiedCommitException;
import dev.poros.store.CommitRecord;
import dev.poros.store.Generations;
import dev.poros.store.RepositoryRecord;
import dev.poros.store.RepositoryStore;
import dev.poros.store.ResourceStore;
import dev.poros.store.Stores;
import dev.poros.store.SyncCounts;
import dev.poros.store.SyncNotes;
import dev.poros.store.SyncStore;
import dev.poros.validate.Validator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

/**
 * One sync, as a script: fetch → load → validate → plan → apply → record. Each step is a call into
 * its own stage; every write is a transaction, and the repository's synced commit moves only at the
 * end, so a sync cut short anywhere is finished by the next one.
 */
public final class Reconciler {
  private final Validator validator;
  private final Planner planner;
  private final PlanApplier applier;
  private final String executorName;
  private final Runnable preflight;
  private final SyncObserver observer;
  private final RepositoryStore repositories;
  private final ResourceStore resources;
  private final SyncStore syncs;
  private final Generations generations;
  private final ResultRecorder recorder;
  private final Catalog catalog;
  private final BuiltInSync builtIns;
  private final RepositoryRows rows;
  private final SyncLocks locks;
  private final Lock claims;
  private final Clock clock;
  private final Admission admission;
  private final CommitFetch fetch;
  private final WholeJudge wholeJudge;
  private final ChangeJudge changeJudge;
  private final AdmissionContexts contexts;
  private final SettledVerdicts settled;
  private final SettledRows settledRows;
  private final SyncEnd end;

  /** The stages a reconciler runs, built by the composition root. */
  public record Stages(
      Source source,
      ManifestLoader loader,
      ResourceFactory factory,
      Supplier<List<Resource>> builtIn,
      Validator validator,
      Planner planner,
      PlanApplier applier,
      String executorName,
      Runnable preflight,
      SyncObserver observer,
      Lock claims,
      Admission admission,
      SettledVerdicts settled) {}

  public Reconciler(Stages stages, Stores stores, Path lockDir, Clock clock) {
    this.validator = stages.validator();
    this.planner = stages.planner();
    this.applier = stages.applier();
    this.executorName = stages.executorName();
    this.preflight = stages.preflight();
    this.observer = new GuardedObserver(stages.observer());
    this.admission = stages.admission();
    this.settled = stages.settled();
    this.repositories = stores.repositories();
    this.rows = new RepositoryRows(stores.repositories(), stores.syncs());
    this.resources = stores.resources();
    this.syncs = stores.syncs();
    this.generations = stores.generations();
    Function<String, SecretData> secretValues = WholeResources.secretValues(stores);
    KnownFiles knownFiles =
        new KnownFiles(
            stages.factory(), secretValues, WholeResources.recorded(stores, stages.factory()));
    this.recorder =
        new ResultRecorder(stores.db(), stores.resources(), stores.events(), stores.vault());
    this.catalog =
        new Catalog(stages.builtIn(), stores.resources(), stages.factory(), secretValues);
    this.builtIns =
        new BuiltInSync(stages.builtIn(), planner, applier, repositories, resources, recorder);
    this.locks = new SyncLocks(lockDir);
    this.claims = stages.claims();
    this.clock = clock;
    this.fetch = new CommitFetch(stages.source(), rows, syncs);
    this.contexts = new AdmissionContexts(stores.verdicts(), applier, executorName);
    this.wholeJudge =
        new WholeJudge(
            resources,
            catalog,
            stores.declared(),
            knownFiles,
            stages.loader(),
            validator,
            admission,
            contexts);
    this.changeJudge =
        new ChangeJudge(stages.validator(), stages.admission(), resources, knownFiles::realize);
    this.settledRows =
        new SettledRows(
            stores.declared(), syncs, generations, resources, knownFiles, stages.loader(), catalog);
    this.end = new SyncEnd(syncs, generations, settled, stages.loader(), observer, clock);
  }

  /** A commit judged: what it declares, what of that may be applied, and what else it may use. */
  public record Judgement(Snapshot snapshot, DesiredState desired, List<Resource> available) {
    /** The resources {@code resource} was validated against: those its references resolved to. */
    public List<Resource> needed(Resource resource) {
      return desired.neededAmong(available).apply(resource);
    }
  }

  /**
   * What is recorded as applied, across every repository, judged as one desired state: what an
   * executor runs when asked to by hand ({@code poros run}), with secret values from the vault.
   */
  public Judgement judgeRecorded() {
    List<Resource> recorded = catalog.allRecorded();
    LoadResult asLoaded = new LoadResult(0, 0, recorded, List.of(), Set.of(), Map.of(), List.of());
    return new Judgement(
        null, validator.validate(asLoaded, catalog.builtIn(), List.of()), catalog.builtIn());
  }

  /**
   * Fetches, loads and validates {@code spec} at {@code ref}; plans, applies and records nothing.
   */
  public Judgement judge(RepoSpec spec, String ref) {
    RepoLocation location = RepoLocation.parse(spec.url());
    try (SyncLocks.Held held = locks.acquire(location.mirrorName())) {
      CommitFetch.Fetched fetched =
          fetch.fetch(location, spec, ref, Trigger.CLI, clock.instant(), true);
      Judged judged = wholeJudge.judge(fetched.repo(), fetched.snapshot(), false, false, null);
      return new Judgement(fetched.snapshot(), judged.desired(), judged.available());
    }
  }

  /**
   * Syncs {@code spec} at {@code ref} (null: its branch). With {@code dryRun} it plans and records
   * nothing. Throws {@link SourceException} when the repository cannot be fetched or read.
   */
  public SyncResult reconcile(RepoSpec spec, String ref, Trigger trigger, boolean dryRun) {
    return reconcile(spec, ref, trigger, dryRun, false);
  }

  /**
   * Syncs as {@link #reconcile(RepoSpec, String, Trigger, boolean)} does; with {@code full} it
   * parses every file, validates and plans the whole commit, even when its inputs are those of the
   * last sync (without it, the files the last settled sync declared and that have not changed since
   * are restored from the rows it left).
   */
  public SyncResult reconcile(
      RepoSpec spec, String ref, Trigger trigger, boolean dryRun, boolean full) {
    RepoLocation location = RepoLocation.parse(spec.url());
    try (SyncLocks.Held held = locks.acquire(location.mirrorName())) {
      Instant started = clock.instant();
      // fetch: the commit and the files it declares, and the repository's row
      CommitFetch.Fetched fetched = fetch.fetch(location, spec, ref, trigger, started, dryRun);
      if (dryRun) {
        return refusalShown(
            sync(
                fetched.repo(),
                fetched.snapshot(),
                trigger,
                started,
                true,
                false,
                null,
                true,
                null));
      }
      if (fetched.snapshot().unverified()) {
        throw failed(
            fetched.repo(),
            fetched.snapshot(),
            trigger,
            started,
            false,
            new UnverifiedCommitException(
                "unverified commit: "
                    + fetched.snapshot().signature().description()
                    + "; nothing synced"));
      }
      SyncInputs inputs =
          SyncInputs.of(spec, fetched.snapshot(), executorName, admission.fingerprint());
      Optional<SyncResult> unchanged =
          full
              ? Optional.empty()
              : unchanged(fetched.repo(), fetched.snapshot(), inputs, trigger, started);
      if (unchanged.isPresent()) {
        return unchanged.get();
      }
      admission.prepare(); // CEL loads on the other core while the commit is read and validated
      Judged change = full ? null : changeOnly(fetched.repo(), fetched.snapshot(), inputs);
      return sync(
          fetched.repo(),
          fetched.snapshot(),
          trigger,
          started,
          false,
          spec.allowEmpty(),
          inputs,
          full,
          change);
    }
  }

  /**
   * Removes what {@code spec}'s repository applied, as a sync to a commit that declares nothing:
   * each of its resources is deleted through its executor (or held while another still uses it),
   * and the sync is recorded with trigger {@code forget}. With {@code dryRun} it only plans. Throws
   * {@link SourceException} when nothing is recorded for the repository.
   */
  public SyncResult forget(RepoSpec spec, boolean dryRun) {
    RepoLocation location = RepoLocation.parse(spec.url());
    try (SyncLocks.Held held = locks.acquire(location.mirrorName())) {
      Instant started = clock.instant();
      RepositoryRecord repo = rows.before(location, spec, dryRun);
      if (repo.id() < 0) {
        throw new SourceException("nothing is recorded for " + repo.displayName());
      }
      if (!dryRun) {
        syncs.markInterrupted(repo.id());
      }
      Snapshot nothing =
          Snapshot.nothing(
              repo.lastCommit() == null ? "" : repo.lastCommit(),
              repo.branch(),
              "forget: declares nothing");
      return sync(repo, nothing, Trigger.FORGET, started, dryRun, true, null, true, null);
    }
  }

  /**
   * A sync that can end after the fetch: the commit is the one recorded as synced and the newest
   * sync recorded the same inputs over the same recorded state — every plan would say unchanged.
   * Records it in one transaction, having read only the ids of the repository's resources.
   */
  private Optional<SyncResult> unchanged(
      RepositoryRecord repo,
      Snapshot snapshot,
      SyncInputs inputs,
      Trigger trigger,
      Instant started) {
    if (repo.id() < 0 || !snapshot.commit().equals(repo.lastCommit())) {
      return Optional.empty();
    }
    String fingerprint = inputs.over(generations.of(repo.id()));
    if (!syncs.lastInputs(repo.id()).map(fingerprint::equals).orElse(false)) {
      return Optional.empty();
    }
    observer.started(snapshot);
    // the verdict this process holds of the sync that recorded these inputs: its resources are the
    // live ones (it settled: each applied, nothing else left, nothing held), read from no table
    List<PlanStep> steps =
        settled
            .of(repo.id())
            .filter(
                last ->
                    last.fingerprint().equals(fingerprint)
                        && last.commit().equals(snapshot.commit()))
            .map(SettledJudgement::unchangedSteps)
            .orElseGet(() -> unchangedSteps(resources.liveKeys(repo.id())));
    long syncId =
        syncs.unchanged(
            repo.id(), started, commitOf(snapshot), trigger.label(), steps.size(), fingerprint);
    ChangeSet changes = new ChangeSet(List.of(), steps, executorName);
    Plan plan = new Plan(steps, List.of(), List.of());
    SyncCounts counts = new SyncCounts(0, 0, 0, steps.size(), 0);
    Duration duration = Duration.between(started, clock.instant());
    SyncLog.ended(repo, snapshot, trigger, SyncOutcome.SUCCEEDED, counts, plan, null, duration);
    SyncResult result =
        new SyncResult(
            syncId, snapshot, plan, changes, List.of(), List.of(), SyncOutcome.SUCCEEDED, duration);
    observer.finished(result);
    return Optional.of(result);
  }

  /**
   * Applies and records {@code snapshot} for {@code repo} (plans only, with {@code dryRun}); a
   * commit that declares nothing may prune everything only with {@code allowEmpty}. {@code inputs}:
   * what the plan depends on, recorded when the sync ends clean (null: not to be recorded); {@code
   * whole}: every file is parsed, none restored from what the last settled sync declared; {@code
   * change}: the commit already judged as a change of the last settled one (null: to be judged).
   */
  private SyncResult sync(
      RepositoryRecord repo,
      Snapshot snapshot,
      Trigger trigger,
      Instant started,
      boolean dryRun,
      boolean allowEmpty,
      SyncInputs inputs,
      boolean whole,
      Judged change) {
    if (!dryRun) {
      observer.started(snapshot);
    }
    // read before anything the plan uses: another repository's change from now on shows
    Generations.Stamp before = inputs == null ? null : generations.of(repo.id());
    Judged judged;
    Plan plan;
    Map<ResourceKey, String> plannedOwners;
    try {
      // load and validate: what the commit declares, and which of it may be applied
      judged =
          change != null
              ? change
              : wholeJudge.judge(
                  repo,
                  snapshot,
                  !dryRun,
                  !dryRun && !whole,
                  inputs == null ? null : inputs.environment());
      if (!allowEmpty) {
        refuseEmpty(judged, snapshot);
      }
      // plan: against what this repository's resources are recorded as
      plannedOwners = ownedElsewhere(repo.id());
      plan = planner.plan(judged.planned(), judged.recorded(), plannedOwners);
      // the executor can work at all (a cluster that answers): else nothing is recorded as applied
      if (!dryRun && plan.changes()) {
        preflight.run();
      }
    } catch (RuntimeException e) {
      throw failed(repo, snapshot, trigger, started, dryRun, e);
    }
    List<RecordedResource> recorded = judged.recorded();
    List<Resource> available = judged.available();
    DesiredState desired = judged.desired();
    if (dryRun) {
      plan = withUnchanged(plan, judged.unchanged());
      return new SyncResult(
          -1,
          snapshot,
          plan,
          new ChangeSet(List.of()),
          desired.problems(),
          desired.allWarnings(),
          SyncOutcome.DRY_RUN,
          Duration.between(started, clock.instant()));
    }
    // apply and record: each result is written before the next step runs
    Integer changed =
        snapshot.changedSinceLast() == null ? null : snapshot.changedSinceLast().size();
    long syncId;
    // claim what the plan creates: another repository's sync may have claimed some of it since
    // this plan was made (two syncs at once), and then it is refused here as owned elsewhere
    claims.lock();
    try {
      Map<ResourceKey, String> owners = ownedElsewhere(repo.id());
      if (!owners.equals(plannedOwners)) {
        plan = planner.plan(judged.planned(), recorded, owners);
      }
      syncId =
          syncs.start(
              repo.id(),
              started,
              commitOf(snapshot),
              trigger.label(),
              changed,
              notes(desired.allWarnings()),
              notes(desired.policyAudits()));
      recorder.recordVerdicts(syncId, repo.id(), plan, byKey(recorded), executorName);
    } finally {
      claims.unlock();
    }
    ChangeSet changes =
        applier.apply(
            plan,
            snapshot.commit(),
            Catalog.lookup(available),
            entries -> recorder.record(syncId, repo.id(), snapshot.commit(), entries));
    List<PlanStep> known = judged.unchanged();
    // counted before the steps known unchanged join them: tens of thousands, counted for nothing
    Map<Action, Long> tally = changes.tally();
    SyncCounts counts = counts(plan, tally, known.size());
    boolean waiting = tally.getOrDefault(Action.WAITING, 0L) > 0;
    plan = withUnchanged(plan, known);
    changes = changes.withUnchanged(known, executorName);
    // built-ins: back where no repository overrides them any more
    builtIns.run(syncId);
    // finish: the commit counts as synced once every step is recorded
    return end.finish(
        syncId,
        repo,
        snapshot,
        trigger,
        judged,
        new SyncEnd.Applied(plan, changes, counts, waiting),
        started,
        inputs,
        before);
  }

  /**
   * {@code snapshot} judged as a change of the last settled sync's commit, when nothing recorded
   * has changed since: from the verdict the agent holds, else from the rows that sync left (null:
   * judge it whole).
   */
  private Judged changeOnly(RepositoryRecord repo, Snapshot snapshot, SyncInputs inputs) {
    SettledJudgement last = settled.of(repo.id()).orElse(null);
    SettledRows.Around around;
    if (last != null
        && last.commit().equals(repo.lastCommit())
        && last.environment().equals(inputs.environment())
        && last.stamp().equals(generations.of(repo.id()))
        && syncs.lastInputs(repo.id()).map(last.fingerprint()::equals).orElse(false)) {
      around = settledRows.loadAround(last, snapshot);
    } else {
      Optional<SettledRows.Restored> restored = settledRows.restore(repo, snapshot, inputs);
      if (restored.isEmpty()) {
        return null;
      }
      last = restored.get().settled();
      around = restored.get().around();
    }
    return changeJudge
        .judge(
            last,
            snapshot,
            around,
            (rows, desired, available) -> contexts.of(repo, snapshot, rows, desired, available))
        .orElse(null);
  }

  /** The steps of resources known unchanged, as a same-commit sync reports them. */
  private static List<PlanStep> unchangedSteps(List<ResourceKey> keys) {
    return keys.stream().map(PlanStep::knownUnchanged).toList();
  }

  private static Plan withUnchanged(Plan plan, List<PlanStep> unchanged) {
    if (unchanged.isEmpty()) {
      return plan;
    }
    List<PlanStep> steps = new ArrayList<>(plan.steps());
    steps.addAll(unchanged);
    return new Plan(steps, plan.rejected(), plan.held());
  }

  /**
   * A commit that declares nothing where resources were applied is far more often a mistake (a
   * moved folder, a wrong branch, a bad merge) than a wish to remove everything: refused.
   */
  private static void refuseEmpty(Judged judged, Snapshot snapshot) {
    DesiredState desired = judged.desired();
    long applied = judged.recorded().stream().filter(RecordedResource::applied).count();
    if (applied > 0
        && desired.resources().isEmpty()
        && desired.rejected().isEmpty()
        && desired.brokenFiles().isEmpty()) {
      throw new SourceException(
          "commit "
              + snapshot.shortCommit()
              + " declares no resources where "
              + applied
              + " are applied: nothing synced, nothing pruned (to remove everything, allow it with"
              + " allowEmpty: true in poros.yaml or --allow-empty, or run poros forget)");
    }
  }

  /**
   * {@code planned} with, when its commit's signature is not trusted, a problem that says a sync
   * would refuse it: a plan or a pull request's preview still shows what the commit would change.
   */
  private static SyncResult refusalShown(SyncResult planned) {
    if (!planned.snapshot().unverified()) {
      return planned;
    }
    List<Problem> problems = new ArrayList<>(planned.problems());
    problems.add(
        0,
        new Problem(
            "",
            0,
            "",
            "unverified commit: "
                + planned.snapshot().signature().description()
                + "; a sync of this commit would be refused"));
    return new SyncResult(
        planned.syncId(),
        planned.snapshot(),
        planned.plan(),
        planned.changes(),
        problems,
        planned.warnings(),
        planned.outcome(),
        planned.duration());
  }

  /**
   * Records a sync that failed before it applied anything (unless {@code dryRun}) and returns the
   * failure as a {@link SourceException}: every failure ends as a recorded outcome.
   */
  private SourceException failed(
      RepositoryRecord repo,
      Snapshot snapshot,
      Trigger trigger,
      Instant started,
      boolean dryRun,
      RuntimeException cause) {
    SourceException failure =
        SourceException.of("cannot sync commit " + snapshot.shortCommit(), cause);
    if (!dryRun) {
      syncs.failed(repo.id(), started, commitOf(snapshot), trigger.label(), failure.getMessage());
      if (failure instanceof UnverifiedCommitException) {
        observer.unverified(snapshot, snapshot.signature().description());
      } else {
        observer.failed(snapshot, failure.getMessage());
      }
    }
    SyncLog.failed(repo, snapshot, trigger, failure.getMessage());
    return failure;
  }

  private static SyncNotes notes(List<Problem> problems) {
    return SyncNotes.of(problems.stream().map(Problem::toString).toList());
  }

  private static CommitRecord commitOf(Snapshot snapshot) {
    return new CommitRecord(
        snapshot.commit(), snapshot.branch(), snapshot.message(), snapshot.author());
  }

  private static Map<ResourceKey, RecordedResource> byKey(List<RecordedResource> recorded) {
    return recorded.stream().collect(Collectors.toMap(RecordedResource::key, Function.identity()));
  }

  /** Keys other repositories manage; the built-in pseudo-repository's may be taken over. */
  private Map<ResourceKey, String> ownedElsewhere(long repositoryId) {
    Map<Long, String> names = new HashMap<>();
    repositories.list().stream()
        .filter(r -> !r.url().equals(RepositoryStore.BUILT_IN_URL))
        .forEach(r -> names.put(r.id(), r.displayName()));
    Map<ResourceKey, String> owners = new HashMap<>();
    resources
        .ownedElsewhere(repositoryId)
        .forEach(
            (key, owner) -> {
              if (names.containsKey(owner)) {
                owners.put(key, names.get(owner));
              }
            });
    return owners;
  }

  /**
   * {@code plan}'s counts; {@code tally}: how many of its applied entries each action has; {@code
   * known}: how many more steps are known unchanged.
   */
  private static SyncCounts counts(Plan plan, Map<Action, Long> tally, int known) {
    ToIntFunction<Action> count = a -> tally.getOrDefault(a, 0L).intValue();
    return new SyncCounts(
        count.applyAsInt(Action.CREATED),
        count.applyAsInt(Action.CONFIGURED),
        count.applyAsInt(Action.DELETED),
        (int) plan.count(PlanAction.UNCHANGED) + known,
        count.applyAsInt(Action.FAILED) + count.applyAsInt(Action.SKIPPED));
  }
}
