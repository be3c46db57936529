package dev.poros.reconcile;

import dev.poros.apply.PlanApplier;
import dev.poros.model.DesiredState;
import dev.poros.model.RecordedResource;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import dev.poros.plan.Plan;
import dev.poros.plan.Planner;
import dev.poros.store.RepositoryRecord;
import dev.poros.store.RepositoryStore;
import dev.poros.store.ResourceStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Records the built-in resources under their own pseudo-repository, so that {@code get --all} shows
 * them and executors find them: each exists unless a repository overrides it (declares the same
 * identity), and comes back when the override goes.
 */
final class BuiltInSync {
  private final Supplier<List<Resource>> builtIn;
  private final Planner planner;
  private final PlanApplier applier;
  private final RepositoryStore repositories;
  private final ResourceStore resources;
  private final ResultRecorder recorder;

  BuiltInSync(
      Supplier<List<Resource>> builtIn,
      Planner planner,
      PlanApplier applier,
      RepositoryStore repositories,
      ResourceStore resources,
      ResultRecorder recorder) {
    this.builtIn = builtIn;
    this.planner = planner;
    this.applier = applier;
    this.repositories = repositories;
    this.resources = resources;
    this.recorder = recorder;
  }

  /** Converges the built-in resources; their events belong to sync {@code syncId}. */
  void run(long syncId) {
    RepositoryRecord system = repositories.builtIn();
    List<Resource> all = builtIn.get();
    Set<ResourceKey> overridden =
        resources.ownedElsewhere(system.id(), all.stream().map(Resource::key).toList()).keySet();
    List<Resource> wanted = all.stream().filter(r -> !overridden.contains(r.key())).toList();
    Map<ResourceKey, Set<ResourceKey>> noNeeds =
        wanted.stream().collect(Collectors.toMap(Resource::key, r -> Set.of()));
    DesiredState desired = DesiredState.fit(wanted, noNeeds);
    List<RecordedResource> recorded = resources.forRepository(system.id());
    Plan plan = planner.plan(desired, recorded, Map.of());
    if (plan.changes()) {
      applier.apply(
          plan,
          "",
          Catalog.lookup(all),
          entries -> recorder.record(syncId, system.id(), "", entries));
    }
  }
}
