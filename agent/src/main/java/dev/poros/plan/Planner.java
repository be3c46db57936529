package dev.poros.plan;

import dev.poros.model.DependencyGraph;
import dev.poros.model.DesiredState;
import dev.poros.model.Problem;
import dev.poros.model.RecordedResource;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import dev.poros.model.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares a commit's desired state with the recorded state of the same repository and returns the
 * plan that converges them. Pure: everything it needs is passed in.
 */
public final class Planner {
  /** Why an unchanged step is unchanged: what is recorded is what is declared. */
  public static final String UP_TO_DATE = "up to date";

  /**
   * @param recorded what the Poros DB records for this repository, deleted resources included
   * @param ownedElsewhere keys declared here that another repository already manages, with the
   *     owner's name: those are rejected rather than taken over
   */
  public Plan plan(
      DesiredState desired,
      List<RecordedResource> recorded,
      Map<ResourceKey, String> ownedElsewhere) {
    Map<ResourceKey, RecordedResource> live =
        recorded.stream()
            .filter(r -> r.status() != Status.DELETED)
            .collect(Collectors.toMap(RecordedResource::key, Function.identity()));
    Map<ResourceKey, RecordedResource> all =
        recorded.stream().collect(Collectors.toMap(RecordedResource::key, Function.identity()));

    List<DesiredState.Rejection> rejected = new ArrayList<>(desired.rejected().values());
    List<Resource> applicable = new ArrayList<>();
    for (Resource resource : desired.resources()) {
      String owner = ownedElsewhere.get(resource.key());
      if (owner == null) {
        applicable.add(resource);
      } else {
        rejected.add(
            new DesiredState.Rejection(
                resource,
                List.of(
                    resource
                        .origin()
                        .problem(
                            "/name",
                            resource.key().id() + " is already managed by repository " + owner))));
      }
    }
    rejected.sort(Comparator.comparing(r -> r.resource().key()));

    List<PlanStep> steps = new ArrayList<>(applyInOrder(applicable, live, all, desired.needs()));
    Set<ResourceKey> declared =
        desired.resources().stream().map(Resource::key).collect(Collectors.toSet());
    rejected.forEach(r -> declared.add(r.resource().key()));
    List<Plan.Held> held = new ArrayList<>();
    List<RecordedResource> prunable = new ArrayList<>();
    for (RecordedResource gone : live.values()) {
      if (declared.contains(gone.key())) {
        continue;
      }
      Set<ResourceKey> users = desired.stillUsed().getOrDefault(gone.key(), Set.of());
      if (desired.brokenFiles().contains(gone.sourceFile())) {
        held.add(new Plan.Held(gone, "kept: " + fileProblem(desired, gone.sourceFile()), true));
      } else if (!desired.brokenFiles().isEmpty()) {
        // a file that could not be read may declare it still (renamed, then broken): no deletion
        // is safe until every file reads
        held.add(
            new Plan.Held(
                gone,
                "kept: nothing is pruned while a file cannot be read: " + blocking(desired),
                false));
      } else if (!users.isEmpty()) {
        held.add(
            new Plan.Held(
                gone,
                "kept: still used by "
                    + users.stream()
                        .map(ResourceKey::id)
                        .sorted()
                        .collect(Collectors.joining(", ")),
                true));
      } else {
        prunable.add(gone);
      }
    }
    prunable.sort(
        Comparator.comparingInt((RecordedResource r) -> ApplyOrder.rank(r.type()))
            .reversed()
            .thenComparing(RecordedResource::key));
    for (RecordedResource gone : prunable) {
      steps.add(
          new PlanStep(
              gone.key(),
              PlanAction.DELETE,
              "no longer declared in " + gone.sourceFile(),
              null,
              gone,
              YamlDiff.unified(gone.key().id(), gone.maskedJson(), null),
              Set.of()));
    }
    held.sort(Comparator.comparing(h -> h.recorded().key()));
    return new Plan(steps, rejected, held);
  }

  private static List<PlanStep> applyInOrder(
      List<Resource> applicable,
      Map<ResourceKey, RecordedResource> live,
      Map<ResourceKey, RecordedResource> all,
      Map<ResourceKey, Set<ResourceKey>> needs) {
    Map<ResourceKey, Resource> byKey = new HashMap<>();
    Map<ResourceKey, Set<ResourceKey>> edges = new HashMap<>();
    // each key's rank once: the ordering compares keys n log n times
    Map<ResourceKey, Integer> ranks = new HashMap<>();
    for (Resource resource : applicable) {
      byKey.put(resource.key(), resource);
      edges.put(resource.key(), needs.getOrDefault(resource.key(), Set.of()));
      ranks.put(
          resource.key(),
          ApplyOrder.rank(resource.type(), resource.manifest().path("kind").asString("")));
    }
    Comparator<ResourceKey> byKind =
        Comparator.comparingInt((ResourceKey k) -> ranks.get(k))
            .thenComparing(Comparator.naturalOrder());
    DependencyGraph graph = new DependencyGraph(edges);
    // every key it needs, built-in and other repositories' ones included: executors look them up.
    // Each step on its own (an update's diff renders both specs as YAML): on every core.
    return graph.order(byKind).parallelStream()
        .map(
            key ->
                step(
                    byKey.get(key), live.get(key), all.get(key), needs.getOrDefault(key, Set.of())))
        .toList();
  }

  private static PlanStep step(
      Resource desired, RecordedResource live, RecordedResource any, Set<ResourceKey> needs) {
    String name = desired.key().id();
    if (live == null || live.hash().isEmpty()) {
      // An empty hash marks a resource recorded only to show why it was rejected: never applied.
      String reason =
          any == null || any.hash().isEmpty()
              ? "new in " + desired.origin().file()
              : "declared again in " + desired.origin().file();
      return new PlanStep(
          desired.key(),
          PlanAction.CREATE,
          reason,
          desired,
          any,
          null, // rendered when asked for
          needs);
    }
    boolean changed = !live.hash().equals(desired.hash());
    // an equal hash means an equal spec: no diff to render (rendering one for every unchanged
    // resource was half of a no-op sync's time)
    String diff = changed ? YamlDiff.unified(name, live.maskedJson(), desired.maskedJson()) : "";
    String reason = null;
    if (changed) {
      reason =
          !diff.isEmpty()
              ? "spec changed"
              : desired.secrets().isEmpty() ? "a resource it uses changed" : "secret data changed";
    } else if (live.drifted()) {
      // the cluster no longer holds what was applied: apply it again (self-heal)
      reason = "drifted: " + live.drift().lines().findFirst().orElse("");
    } else if (live.status() == Status.ERROR || live.status() == Status.WAITING) {
      reason = "retry: " + live.message();
    } else if (!live.sourceFile().equals(desired.origin().file())) {
      reason = "moved from " + live.sourceFile() + " to " + desired.origin().file();
    }
    if (reason == null) {
      return new PlanStep(
          desired.key(), PlanAction.UNCHANGED, UP_TO_DATE, desired, live, "", needs);
    }
    return new PlanStep(desired.key(), PlanAction.UPDATE, reason, desired, live, diff, needs);
  }

  /** The first file that holds deletions back, with its problem, and how many more there are. */
  private static String blocking(DesiredState desired) {
    String first = desired.brokenFiles().stream().sorted().findFirst().orElseThrow();
    int others = desired.brokenFiles().size() - 1;
    return fileProblem(desired, first) + (others == 0 ? "" : " (and " + others + " more file(s))");
  }

  private static String fileProblem(DesiredState desired, String file) {
    return desired.fileProblems().stream()
        .filter(p -> p.file().equals(file))
        .findFirst()
        .map(Problem::toString)
        .orElse(file + " could not be read");
  }
}
