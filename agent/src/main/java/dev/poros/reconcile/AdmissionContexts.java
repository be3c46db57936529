package dev.poros.reconcile;

import dev.poros.apply.PlanApplier;
import dev.poros.apply.kubernetes.KubernetesExecutor;
import dev.poros.model.DesiredState;
import dev.poros.model.RecordedResource;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import dev.poros.policy.AdmissionContext;
import dev.poros.policy.RenderedObjects;
import dev.poros.source.Snapshot;
import dev.poros.store.RepositoryRecord;
import dev.poros.store.VerdictStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What admission policies see of a sync besides its resources: the repository's rows, the commit,
 * the repository, the verdicts recorded before and — where the executor is a cluster — the objects
 * each runnable becomes there. A whole judgement and a change's make theirs alike.
 */
final class AdmissionContexts {
  private final VerdictStore verdicts;
  private final PlanApplier applier;
  private final boolean onCluster;

  AdmissionContexts(VerdictStore verdicts, PlanApplier applier, String executorName) {
    this.verdicts = verdicts;
    this.applier = applier;
    this.onCluster = executorName.equals(KubernetesExecutor.NAME);
  }

  /**
   * The context of {@code repo}'s sync of {@code snapshot}: {@code recorded}, its rows; {@code
   * desired} and {@code available}, what runnables are rendered with.
   */
  AdmissionContext of(
      RepositoryRecord repo,
      Snapshot snapshot,
      List<RecordedResource> recorded,
      DesiredState desired,
      List<Resource> available) {
    Map<ResourceKey, RecordedResource> byKey = new HashMap<>();
    recorded.forEach(r -> byKey.put(r.key(), r));
    return new AdmissionContext(
        byKey,
        AdmissionContext.commit(
            snapshot.commit(), snapshot.author(), snapshot.message(), snapshot.branch()),
        AdmissionContext.repository(repo.displayName(), repo.url()),
        new RecordedVerdicts(verdicts, repo.id()),
        rendered(desired, available));
  }

  /** What runnables become on a cluster, for policies on Kubernetes kinds; none elsewhere. */
  private RenderedObjects rendered(DesiredState desired, List<Resource> available) {
    if (!onCluster) {
      return RenderedObjects.NONE;
    }
    Function<Resource, List<Resource>> needed = desired.neededAmong(available);
    return runnable -> applier.objectsOf(runnable, needed.apply(runnable));
  }
}
