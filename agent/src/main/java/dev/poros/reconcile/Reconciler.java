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
import dev.poros.plan.Plan;
import dev.poros.plan.PlanAction;
import dev.poros.plan.PlanStep;
import dev.poros.plan.Planner;
import dev.poros.policy.Admission;
import dev.poros.policy.AdmissionContext;
import dev.poros.policy.PolicyEngine;
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
import dev.poros.store.SyncStore;
import dev.poros.validate.UsedHashes;
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
  private final Runnable preflight;
  private final SyncObserver observer;
  private final RepositoryStore repositories;
  private final ResourceStore resources;
  private final SyncStore syncs;
  private final Generations generations;
  private final dev.poros.store.DeclaredFiles declaredFiles;
  private final KnownFiles knownFiles;
  private final dev.poros.store.VerdictStore verdicts;
  private final ResultRecorder recorder;
  private final Catalog catalog;
  private final BuiltInSync builtIns;
  private final RepositoryRows rows;
  private final SyncLocks locks;
  private final java.util.concurrent.locks.Lock claims;
  private final Clock clock;
  private final Admission admission;
  private final ChangeJudge changeJudge;
  private final SettledVerdicts settled;
  private final SettledRows settledRows;

  /** The stages a reconciler runs, built by the composition root. */
  public record Stages(
      Source source,
      ManifestLoader loader,
      ResourceFactory factory,
      java.util.function.Supplier<List<Resource>> builtIn,
      Validator validator,
      Planner planner,
      PlanApplier applier,
      String executorName,
      Runnable preflight,
      SyncObserver observer,
      java.util.concurrent.locks.Lock claims,
      Admission admission,
      SettledVerdicts settled) {}

  public Reconciler(Stages stages, Stores stores, Path lockDir, Clock clock) {
    this.source = stages.source();
    this.loader = stages.loader();
    this.validator = stages.validator();
    this.planner = stages.planner();
    this.applier = stages.applier();
    this.executorName = stages.executorName();
    this.preflight = stages.preflight();
    this.observer = stages.observer();
    this.admission = stages.admission();
    this.settled = stages.settled();
    this.repositories = stores.repositories();
    this.rows = new RepositoryRows(stores.repositories(), stores.syncs());
    this.resources = stores.resources();
    this.syncs = stores.syncs();
    this.generations = stores.generations();
    this.declaredFiles = stores.declared();
    this.verdicts = stores.verdicts();
    java.util.function.Function<String, dev.poros.model.SecretData> secretValues =
        WholeResources.secretValues(stores);
    this.knownFiles =
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
    this.changeJudge =
        new ChangeJudge(stages.validator(), stages.admission(), resources, knownFiles::realize);
    this.settledRows =
        new SettledRows(declaredFiles, syncs, generations, resources, knownFiles, loader, catalog);
  }

  /** A commit judged: what it declares, what of that may be applied, and what else it may use. */
  public record Judgement(Snapshot snapshot, DesiredState desired, List<Resource> available) {
    /** The resources {@code resource} was validated against: those its references resolved to. */
    public List<Resource> needed(Resource resource) {
      return neededBy(desired, available).apply(resource);
    }
  }

  /**
   * What each resource of {@code desired} was validated against: what its references resolved to.
   */
  private static java.util.function.Function<Resource, List<Resource>> neededBy(
      DesiredState desired, List<Resource> available) {
    Map<ResourceKey, Resource> all = new HashMap<>();
    available.forEach(r -> all.putIfAbsent(r.key(), r));
    desired.resources().forEach(r -> all.put(r.key(), r));
    return resource ->
        desired.needs().getOrDefault(resource.key(), java.util.Set.of()).stream()
            .map(all::get)
            .filter(java.util.Objects::nonNull)
            .toList();
  }

  /**
   * What is recorded as applied, across every repository, judged as one desired state: what an
   * executor runs when asked to by hand ({@code poros run}), with secret values from the vault.
   */
  public Judgement judgeRecorded() {
    List<Resource> recorded = catalog.allRecorded();
    dev.poros.load.LoadResult asLoaded =
        new dev.poros.load.LoadResult(
            0, 0, recorded, List.of(), java.util.Set.of(), Map.of(), List.of());
    return new Judgement(
        null, validator.validate(asLoaded, catalog.builtIn(), List.of()), catalog.builtIn());
  }

  /**
   * Fetches, loads and validates {@code spec} at {@code ref}; plans, applies and records nothing.
   */
  public Judgement judge(RepoSpec spec, String ref) {
    RepoLocation location = RepoLocation.parse(spec.url());
    try (SyncLocks.Held held = locks.acquire(location.mirrorName())) {
      Fetched fetched = fetch(location, spec, ref, Trigger.CLI, clock.instant(), true);
      Judged judged = judge(fetched.repo(), fetched.snapshot(), false, false, null);
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
      Fetched fetched = fetch(location, spec, ref, trigger, started, dryRun);
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
    tell(() -> observer.started(snapshot));
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
    log(repo, snapshot, trigger, SyncOutcome.SUCCEEDED, counts, plan, null, duration);
    SyncResult result =
        new SyncResult(
            syncId, snapshot, plan, changes, List.of(), List.of(), SyncOutcome.SUCCEEDED, duration);
    tell(() -> observer.finished(result));
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
      tell(() -> observer.started(snapshot));
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
              : judge(
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
    return finish(
        syncId,
        repo,
        snapshot,
        trigger,
        judged,
        new Applied(plan, changes, counts, waiting),
        started,
        inputs,
        before);
  }

  /** A sync's plan and change set, with their counts and whether a step waits. */
  private record Applied(Plan plan, ChangeSet changes, SyncCounts counts, boolean waiting) {}

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
            (rows, desired, available) ->
                admissionContext(repo, snapshot, rows, rendered(desired, available)))
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
        asSourceFailure("cannot sync commit " + snapshot.shortCommit(), cause);
    if (!dryRun) {
      syncs.failed(repo.id(), started, commitOf(snapshot), trigger.label(), failure.getMessage());
      if (failure instanceof UnverifiedCommitException) {
        tell(() -> observer.unverified(snapshot, snapshot.signature().description()));
      } else {
        tell(() -> observer.failed(snapshot, failure.getMessage()));
      }
    }
    LOG.warn(
        "sync repo={} commit={} trigger={} outcome=failed reason=\"{}\"",
        repo.displayName(),
        snapshot.shortCommit(),
        trigger.label(),
        failure.getMessage());
    return failure;
  }

  /**
   * {@code cause} as the failure of a sync: itself when it already is one, else {@code what} with
   * its message (JGit, the disk and executors throw unchecked exceptions too).
   */
  private static SourceException asSourceFailure(String what, RuntimeException cause) {
    if (cause instanceof SourceException known) {
      return known;
    }
    String why = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    return new SourceException(what + ": " + why, cause);
  }

  private static dev.poros.store.SyncNotes notes(List<Problem> problems) {
    return dev.poros.store.SyncNotes.of(problems.stream().map(Problem::toString).toList());
  }

  private static CommitRecord commitOf(Snapshot snapshot) {
    return new CommitRecord(
        snapshot.commit(), snapshot.branch(), snapshot.message(), snapshot.author());
  }

  /**
   * {@code withSecrets}: whether what the commit may use carries its secret values (to apply);
   * {@code fromDeclared}: whether the files the last settled sync declared, unchanged since, are
   * restored from its rows instead of parsed (their hashes need the secret values); {@code
   * environment}: what besides the commit the verdict depends on, recorded with its declarations.
   */
  private Judged judge(
      RepositoryRecord repo,
      Snapshot snapshot,
      boolean withSecrets,
      boolean fromDeclared,
      String environment) {
    List<RecordedResource> recorded =
        repo.id() < 0 ? List.of() : resources.forRepository(repo.id());
    List<Resource> available = catalog.availableTo(repo.id(), withSecrets);
    Optional<dev.poros.store.DeclaredFiles.Declarations> declared =
        fromDeclared && repo.id() >= 0 ? declaredFiles.trusted(repo.id()) : Optional.empty();
    Map<String, dev.poros.load.ParsedFile> known =
        declared.isPresent()
            ? knownFiles.of(declared.get(), snapshot, recorded, loader::parsedBefore)
            : Map.of();
    LoadResult loaded = loader.load(snapshot, known);
    Map<ResourceKey, Resource> parsed = firstOfEachKey(loaded.resources());
    recorded = sharingDeclared(recorded, parsed);
    DesiredState desired = validate(loaded, recorded, available, withSecrets);
    if (!known.isEmpty() && !clean(desired)) {
      // restored resources know only the line they start on: problems are found again in files
      known = Map.of();
      // the restored resources go before the commit is loaded again (at 50,000 both do not fit)
      loaded = null;
      parsed = null;
      desired = null;
      loaded = loader.load(snapshot);
      parsed = firstOfEachKey(loaded.resources());
      recorded = sharingDeclared(recorded, parsed);
      desired = validate(loaded, recorded, available, withSecrets);
    }
    // after the restore's check: a policy's warnings are the commit's, found again every time
    dev.poros.policy.PolicyEngine.Admitted admitted =
        admission.admit(
            desired,
            PolicyEngine.CommitScope.of(desired.resources()),
            admissionContext(repo, snapshot, recorded, rendered(desired, available)));
    desired = admitted.desired();
    return new Judged(
        recorded,
        available,
        desired,
        KnownFiles.update(
            snapshot,
            loaded,
            known,
            declared,
            KnownFiles.verdicts(desired.needs(), admitted.warnings(), admitted.audits()),
            environment),
        loaded.filesParsed(),
        desired,
        List.of(),
        parsed,
        admitted.warnings(),
        admitted.audits(),
        null);
  }

  /** Each loaded resource by key; of a key declared twice, the first (as validation keeps it). */
  private static Map<ResourceKey, Resource> firstOfEachKey(List<Resource> loaded) {
    Map<ResourceKey, Resource> byKey = new HashMap<>();
    loaded.forEach(r -> byKey.putIfAbsent(r.key(), r));
    return byKey;
  }

  /**
   * {@code rows} each holding its identity, name and spec text shared with the loaded resource of
   * its key ({@code parsed}) where they are equal: a whole judgement holds both to its end, and at
   * 50,000 resources the rows' own copies are what a 256 MiB heap lacks.
   */
  private static List<RecordedResource> sharingDeclared(
      List<RecordedResource> rows, Map<ResourceKey, Resource> parsed) {
    if (rows.isEmpty()) {
      return rows;
    }
    List<RecordedResource> shared = new ArrayList<>(rows.size());
    for (RecordedResource row : rows) {
      Resource declared = parsed.get(row.key());
      shared.add(declared == null ? row : row.sharing(declared));
    }
    return shared;
  }

  private AdmissionContext admissionContext(
      RepositoryRecord repo,
      Snapshot snapshot,
      List<RecordedResource> recorded,
      dev.poros.policy.RenderedObjects rendered) {
    Map<ResourceKey, RecordedResource> byKey = new java.util.HashMap<>();
    recorded.forEach(r -> byKey.put(r.key(), r));
    return new AdmissionContext(
        byKey,
        AdmissionContext.commit(
            snapshot.commit(), snapshot.author(), snapshot.message(), snapshot.branch()),
        AdmissionContext.repository(repo.displayName(), repo.url()),
        new RecordedVerdicts(verdicts, repo.id()),
        rendered);
  }

  /** What runnables become on a cluster, for policies on Kubernetes kinds; none elsewhere. */
  private dev.poros.policy.RenderedObjects rendered(
      DesiredState desired, List<Resource> available) {
    if (!executorName.equals(dev.poros.apply.kubernetes.KubernetesExecutor.NAME)) {
      return dev.poros.policy.RenderedObjects.NONE;
    }
    java.util.function.Function<Resource, List<Resource>> needed = neededBy(desired, available);
    return runnable -> applier.objectsOf(runnable, needed.apply(runnable));
  }

  private DesiredState validate(
      LoadResult loaded,
      List<RecordedResource> recorded,
      List<Resource> available,
      boolean withSecrets) {
    List<Resource> leaving = leaving(loaded, recorded, withSecrets);
    DesiredState desired = validator.validate(loaded, available, leaving);
    List<Resource> usable = new java.util.ArrayList<>(available);
    usable.addAll(leaving);
    // a resource's hash covers what it uses: a rotated secret re-plans the resources using it
    return UsedHashes.fold(desired, usable);
  }

  /** A verdict without problems, warnings or resources held back for another's sake. */
  private static boolean clean(DesiredState desired) {
    return desired.rejected().isEmpty()
        && desired.fileProblems().isEmpty()
        && desired.brokenFiles().isEmpty()
        && desired.warnings().isEmpty()
        && desired.stillUsed().isEmpty();
  }

  /**
   * The recorded resources this commit no longer declares, rebuilt: only those can be "still used"
   * (rebuilding all of them would cost a parse per resource on every sync).
   */
  private List<Resource> leaving(
      LoadResult loaded, List<RecordedResource> recorded, boolean withSecrets) {
    java.util.Set<ResourceKey> declared = new java.util.HashSet<>();
    loaded.resources().forEach(r -> declared.add(r.key()));
    return catalog.rebuild(
        recorded.stream().filter(r -> !declared.contains(r.key())).toList(), withSecrets);
  }

  /** A fetched commit, and the row of the repository it was fetched for. */
  private record Fetched(RepositoryRecord repo, Snapshot snapshot) {}

  /**
   * Fetches {@code spec} at {@code ref} and finds (unless {@code dryRun}: makes) its row; a sync a
   * crashed process left open on that row is closed as interrupted.
   */
  private Fetched fetch(
      RepoLocation location,
      RepoSpec spec,
      String ref,
      Trigger trigger,
      Instant started,
      boolean dryRun) {
    RepositoryRecord known = rows.before(location, spec, dryRun);
    Snapshot snapshot = snapshot(spec, ref, known, trigger, started, dryRun);
    RepositoryRecord repo = rows.after(known, snapshot, dryRun);
    if (!dryRun) {
      syncs.markInterrupted(repo.id());
    }
    return new Fetched(repo, snapshot);
  }

  private Snapshot snapshot(
      RepoSpec spec,
      String ref,
      RepositoryRecord repo,
      Trigger trigger,
      Instant started,
      boolean dryRun) {
    try {
      return source.snapshot(spec, ref, repo.lastCommit());
    } catch (RuntimeException caught) {
      // JGit throws unchecked exceptions too (a corrupt pack, a huge object): all end recorded
      SourceException e = asSourceFailure("cannot read " + repo.displayName(), caught);
      if (!dryRun) {
        long id = rows.saved(repo).id();
        syncs.markInterrupted(id);
        syncs.failedBeforeCommit(id, started, trigger.label(), e.getMessage());
      }
      LOG.warn(
          "sync repo={} trigger={} outcome=failed reason=\"{}\"",
          repo.displayName(),
          trigger.label(),
          e.getMessage());
      throw e;
    }
  }

  private SyncResult finish(
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
    ChangeSet changes = applied.changes();
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
    boolean settled = clean && desired.warnings().isEmpty() && !applied.waiting();
    // the fingerprint a later sync compares with: these inputs over the recorded state as this one
    // leaves it — unless another repository changed what this one may use meanwhile (null)
    Generations.Stamp after = settled && inputs != null ? generations.of(repo.id()) : null;
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
        settled ? judged.declaring() : null);
    remember(repo, snapshot, judged, inputs, fingerprint, after);
    Duration duration = Duration.between(started, clock.instant());
    log(repo, snapshot, trigger, outcome, counts, plan, judged, duration);
    SyncResult result =
        new SyncResult(
            syncId,
            snapshot,
            plan,
            changes,
            desired.problems(),
            desired.allWarnings(),
            outcome,
            duration);
    tell(() -> observer.finished(result));
    return result;
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

  /** One line per sync, its facts as key-value pairs: text logs print them, JSON logs keep them. */
  private static void log(
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

  /** Tells the observer; what it does wrong is its own affair, never the sync's. */
  private static void tell(Runnable telling) {
    try {
      telling.run();
    } catch (RuntimeException e) {
      LOG.warn("sync observer failed: {}", e.toString());
    }
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
    java.util.function.ToIntFunction<Action> count = a -> tally.getOrDefault(a, 0L).intValue();
    return new SyncCounts(
        count.applyAsInt(Action.CREATED),
        count.applyAsInt(Action.CONFIGURED),
        count.applyAsInt(Action.DELETED),
        (int) plan.count(PlanAction.UNCHANGED) + known,
        count.applyAsInt(Action.FAILED) + count.applyAsInt(Action.SKIPPED));
  }
}
