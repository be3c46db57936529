package dev.poros.reconcile;

import dev.poros.load.LoadResult;
import dev.poros.model.Condition;
import dev.poros.model.DesiredState;
import dev.poros.model.Problem;
import dev.poros.model.RecordedResource;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import dev.poros.model.ResourceType;
import dev.poros.policy.Admission;
import dev.poros.policy.AdmissionContext;
import dev.poros.policy.PolicyEngine;
import dev.poros.source.Snapshot;
import dev.poros.source.SourceFile;
import dev.poros.store.DeclaredFiles;
import dev.poros.store.ResourceStore;
import dev.poros.validate.UsedHashes;
import dev.poros.validate.Validator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Judges a commit from the last settled verdict when all it changed is the content of some
 * resources: the same identities, each declared once, every file readable, no stack, admission
 * policy or bundle among the changed, no changed reference. Only the changed resources are
 * validated; they and what uses them (directly or through others) are folded, admitted and planned,
 * with what those need or wait on beside them; every other resource is known unchanged. Anything
 * else is left to the whole commit's judgement (empty), which is always right, only slower.
 */
final class ChangeJudge {
  /** The admission context of a verdict, given the rows of what it plans. */
  interface Contexts {
    AdmissionContext of(
        List<RecordedResource> rows, DesiredState desired, List<Resource> available);
  }

  private static final Set<ResourceType> REACHING_OTHERS =
      Set.of(ResourceType.STACK, ResourceType.ADMISSION_POLICY, ResourceType.BUNDLE);

  private final Validator validator;
  private final Admission admission;
  private final ResourceStore resources;
  private final java.util.function.UnaryOperator<Resource> realize;

  /** {@code realize}: a resource whole, where the verdict holds only a stub of it. */
  ChangeJudge(
      Validator validator,
      Admission admission,
      ResourceStore resources,
      java.util.function.UnaryOperator<Resource> realize) {
    this.realize = realize;
    this.validator = validator;
    this.admission = admission;
    this.resources = resources;
  }

  /** {@code loaded}: {@code snapshot} as the loader gave it. */
  Optional<Judged> judge(
      SettledJudgement settled, Snapshot snapshot, LoadResult loaded, Contexts contexts) {
    if (!loaded.problems().isEmpty()
        || !loaded.brokenFiles().isEmpty()
        || !loaded.resourceProblems().isEmpty()
        || !loaded.warnings().isEmpty()) {
      return Optional.empty();
    }
    Map<ResourceKey, Resource> parsed = new HashMap<>();
    for (Resource resource : loaded.resources()) {
      if (parsed.put(resource.key(), resource) != null) {
        return Optional.empty(); // a duplicate identity
      }
    }
    // the same identities: as many, none new (and none twice, above)
    if (parsed.size() != settled.parsed().size()) {
      return Optional.empty();
    }
    Set<ResourceKey> changed = new HashSet<>();
    for (Resource resource : loaded.resources()) {
      Resource before = settled.parsed().get(resource.key());
      if (before == null) {
        return Optional.empty();
      }
      if (!same(before, resource)) {
        if (REACHING_OTHERS.contains(resource.type())) {
          return Optional.empty();
        }
        changed.add(resource.key());
      }
    }
    Validator.Partial partial =
        validator.validateOnly(
            settled.references(), changed.stream().sorted().map(parsed::get).toList());
    if (!partial.problems().isEmpty() || !partial.warnings().isEmpty()) {
      return Optional.empty();
    }
    Map<ResourceKey, Set<ResourceKey>> needs = settled.desired().needs();
    for (ResourceKey key : changed) {
      if (!partial.needs().get(key).equals(needs.getOrDefault(key, Set.of()))) {
        return Optional.empty(); // a changed reference may close a cycle
      }
    }
    Set<ResourceKey> affected = settled.withUsers(changed);
    Map<ResourceKey, Resource> folded = new HashMap<>();
    UsedHashes.fold(
            affected.stream().sorted().map(k -> realize.apply(parsed.get(k))).toList(),
            needs,
            settled.byKey(),
            settled.available())
        .forEach(r -> folded.put(r.key(), r));
    Set<ResourceKey> planned = withWhatTheyNeed(affected, folded, needs, parsed.keySet());
    // in the commit's order, as a whole judgement would list them; whole where they are planned
    List<Resource> merged =
        loaded.resources().stream()
            .map(
                r -> {
                  Resource settledOne = settled.byKey().get(r.key());
                  return folded.getOrDefault(
                      r.key(), planned.contains(r.key()) ? realize.apply(settledOne) : settledOne);
                })
            .toList();
    DesiredState desired = settled.desired().judged(merged, Map.of(), List.of(), List.of());
    List<RecordedResource> rows = resources.forKeys(settled.repositoryId(), planned);
    PolicyEngine.Admitted admitted =
        admission.admit(
            desired, contexts.of(rows, desired, settled.available()), affected::contains);
    if (!admitted.desired().rejected().isEmpty()) {
      return Optional.empty();
    }
    Map<ResourceKey, List<Problem>> warnings =
        findings(settled.policyWarnings(), admitted.warnings(), affected);
    Map<ResourceKey, List<Problem>> audits =
        findings(settled.policyAudits(), admitted.audits(), affected);
    desired =
        desired.judged(
            merged,
            Map.of(),
            inOrder(admitted.general(), merged, warnings),
            inOrder(List.of(), merged, audits));
    Map<ResourceKey, Set<ResourceKey>> plannedNeeds = new HashMap<>();
    planned.forEach(k -> plannedNeeds.put(k, needs.getOrDefault(k, Set.of())));
    DesiredState plannedState =
        new DesiredState(
            merged.stream().filter(r -> planned.contains(r.key())).toList(),
            plannedNeeds,
            Map.of(),
            Set.of(),
            List.of(),
            Map.of(),
            List.of(),
            List.of(),
            List.of());
    List<ResourceKey> unchanged =
        merged.stream().map(Resource::key).filter(k -> !planned.contains(k)).toList();
    return Optional.of(
        new Judged(
            rows,
            settled.available(),
            desired,
            settled.declared()
                ? declaring(
                    settled,
                    snapshot,
                    loaded,
                    affected,
                    parsed,
                    KnownFiles.verdicts(needs, warnings, audits))
                : null,
            loaded.filesParsed(),
            plannedState,
            unchanged,
            parsed,
            warnings,
            audits));
  }

  /** The settled findings, those about {@code judged} resources replaced by {@code found}. */
  private static Map<ResourceKey, List<Problem>> findings(
      Map<ResourceKey, List<Problem>> settled,
      Map<ResourceKey, List<Problem>> found,
      Set<ResourceKey> judged) {
    Map<ResourceKey, List<Problem>> all = new HashMap<>(settled);
    all.keySet().removeAll(judged);
    all.putAll(found);
    return all;
  }

  /** {@code first}, then each resource's findings in the order of {@code resources}. */
  private static List<Problem> inOrder(
      List<Problem> first, List<Resource> resources, Map<ResourceKey, List<Problem>> findings) {
    List<Problem> all = new ArrayList<>(first);
    if (!findings.isEmpty()) {
      resources.forEach(r -> all.addAll(findings.getOrDefault(r.key(), List.of())));
    }
    return all;
  }

  /**
   * Whether a resource loaded again is the one judged before: the same object (the loader's cache
   * gave it back), or the same spec from the same place reading the same files.
   */
  private static boolean same(Resource before, Resource now) {
    return before == now
        || (before.hash().equals(now.hash())
            && before.origin().file().equals(now.origin().file())
            && before.origin().line() == now.origin().line()
            && before.files().equals(now.files()));
  }

  /**
   * {@code affected} and the commit's resources they need or wait on: their recorded state is what
   * the applier holds their steps to.
   */
  private static Set<ResourceKey> withWhatTheyNeed(
      Set<ResourceKey> affected,
      Map<ResourceKey, Resource> folded,
      Map<ResourceKey, Set<ResourceKey>> needs,
      Set<ResourceKey> declared) {
    Set<ResourceKey> planned = new LinkedHashSet<>(affected);
    for (ResourceKey key : affected) {
      List<ResourceKey> targets = new ArrayList<>(needs.getOrDefault(key, Set.of()));
      folded.get(key).conditions().stream().map(Condition::target).forEach(targets::add);
      targets.stream().filter(declared::contains).forEach(planned::add);
    }
    return planned;
  }

  /**
   * What this commit declares, for a later new process to trust: the files whose blob changed or
   * whose resources were judged again (they, or a file they read, or what they use changed), and
   * the files gone; the rest stands as the settled sync wrote it.
   */
  private static DeclaredFiles.Update declaring(
      SettledJudgement settled,
      Snapshot snapshot,
      LoadResult loaded,
      Set<ResourceKey> judged,
      Map<ResourceKey, Resource> parsed,
      java.util.function.Function<Resource, DeclaredFiles.Verdict> verdicts) {
    Map<String, String> rewritten = new HashMap<>();
    Set<String> present = new HashSet<>();
    Map<String, String> blobs = new HashMap<>();
    for (SourceFile file : snapshot.files()) {
      present.add(file.path());
      blobs.put(file.path(), file.blobId());
      if (!file.blobId().equals(settled.blobs().get(file.path()))) {
        rewritten.put(file.path(), file.blobId());
      }
    }
    for (ResourceKey key : judged) {
      String path = parsed.get(key).origin().file();
      rewritten.put(path, blobs.get(path));
    }
    List<DeclaredFiles.Entry> entries = KnownFiles.declaredIn(loaded, rewritten.keySet(), verdicts);
    Set<String> gone = new HashSet<>(settled.blobs().keySet());
    gone.removeAll(present);
    return new DeclaredFiles.Update(false, rewritten, entries, gone, settled.environment());
  }
}
