package dev.poros.reconcile;

import dev.poros.load.LoadResult;
import dev.poros.model.AmendedMap;
import dev.poros.model.Condition;
import dev.poros.model.DependencyGraph;
import dev.poros.model.DesiredState;
import dev.poros.model.Problem;
import dev.poros.model.RecordedResource;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import dev.poros.model.ResourceType;
import dev.poros.plan.PlanStep;
import dev.poros.policy.Admission;
import dev.poros.policy.AdmissionContext;
import dev.poros.policy.PolicyEngine;
import dev.poros.source.Snapshot;
import dev.poros.store.DeclaredFiles;
import dev.poros.store.ResourceStore;
import dev.poros.validate.UsedHashes;
import dev.poros.validate.Validator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Judges a commit from the last settled verdict when all it changed is some resources' content and
 * resources added or removed that touch no other: each identity declared once, every file readable,
 * no stack, admission policy or bundle among the changed, no changed reference (see {@link
 * #touchNoOther} for the added and removed). Only the changed and added resources are validated;
 * they and what uses them (directly or through others) are folded, admitted and planned, with what
 * those need or wait on beside them, and the removed are pruned; every other resource is known
 * unchanged. Anything else is left to the whole commit's judgement (empty), which is always right,
 * only slower.
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
  private final UnaryOperator<Resource> realize;

  /** {@code realize}: a resource whole, where the verdict holds only a stub of it. */
  ChangeJudge(
      Validator validator,
      Admission admission,
      ResourceStore resources,
      UnaryOperator<Resource> realize) {
    this.realize = realize;
    this.validator = validator;
    this.admission = admission;
    this.resources = resources;
  }

  /** {@code around}: {@code snapshot} loaded around {@code settled}. */
  Optional<Judged> judge(
      SettledJudgement settled, Snapshot snapshot, SettledRows.Around around, Contexts contexts) {
    LoadResult loaded = around.loaded();
    if (settled.outsideListing()
        || !loaded.problems().isEmpty()
        || !loaded.brokenFiles().isEmpty()
        || !loaded.resourceProblems().isEmpty()
        || !loaded.warnings().isEmpty()) {
      return Optional.empty();
    }
    Map<String, SettledJudgement.FileResources> files = settled.files();
    Map<String, List<Resource>> again = around.loadedAgain();
    // what the files loaded again, and the files gone, declared before: all that can have changed
    Set<String> gone = new HashSet<>(around.changes().deleted());
    gone.retainAll(files.keySet());
    Map<ResourceKey, Resource> before = new HashMap<>();
    Stream.concat(again.keySet().stream(), gone.stream())
        .forEach(path -> declaredBefore(files, path).forEach(r -> before.put(r.key(), r)));
    Map<ResourceKey, Resource> parsed = new HashMap<>();
    Set<ResourceKey> changed = new HashSet<>();
    Set<ResourceKey> added = new HashSet<>();
    for (List<Resource> declared : again.values()) {
      for (Resource resource : declared) {
        Resource was = settled.parsed().get(resource.key());
        if (parsed.put(resource.key(), resource) != null
            || (was != null && !before.containsKey(resource.key()))) {
          return Optional.empty(); // a duplicate identity (also with a file not loaded again)
        }
        if (was != null && same(was, resource)) {
          continue;
        }
        if (REACHING_OTHERS.contains(resource.type())) {
          return Optional.empty();
        }
        (was == null ? added : changed).add(resource.key());
      }
    }
    Set<ResourceKey> removed = new HashSet<>(before.keySet());
    removed.removeAll(parsed.keySet());
    Function<ResourceKey, Resource> loadedAs =
        key -> parsed.getOrDefault(key, settled.parsed().get(key));
    if (!touchNoOther(settled, added, removed, parsed)) {
      return Optional.empty();
    }
    Validator.Index index =
        settled.references().changed(added.stream().map(parsed::get).toList(), removed);
    Set<ResourceKey> validated = new HashSet<>(changed);
    validated.addAll(added);
    Validator.Partial partial =
        validator.validateOnly(index, validated.stream().sorted().map(parsed::get).toList());
    if (!partial.problems().isEmpty() || !partial.warnings().isEmpty()) {
      return Optional.empty();
    }
    Map<ResourceKey, Set<ResourceKey>> needs = settled.desired().needs();
    for (ResourceKey key : changed) {
      if (!partial.needs().get(key).equals(needs.getOrDefault(key, Set.of()))) {
        return Optional.empty(); // a changed reference may close a cycle
      }
    }
    if (!added.isEmpty() || !removed.isEmpty()) {
      Map<ResourceKey, Set<ResourceKey>> addedNeeds = new HashMap<>();
      added.forEach(k -> addedNeeds.put(k, partial.needs().getOrDefault(k, Set.of())));
      // nothing settled uses an added resource: a cycle can only be among the added
      if (!new DependencyGraph(addedNeeds).cycles().isEmpty()) {
        return Optional.empty();
      }
      needs = AmendedMap.of(needs, addedNeeds, removed);
    }
    Set<ResourceKey> affected = settled.withUsers(changed);
    affected.removeAll(removed);
    affected.addAll(added);
    Map<ResourceKey, Resource> folded = new HashMap<>();
    UsedHashes.fold(
            affected.stream().sorted().map(k -> realize.apply(loadedAs.apply(k))).toList(),
            needs,
            settled.byKey(),
            settled.available())
        .forEach(r -> folded.put(r.key(), r));
    Set<ResourceKey> planned =
        withWhatTheyNeed(
            affected,
            folded,
            needs,
            k -> parsed.containsKey(k) || (!removed.contains(k) && settled.byKey().containsKey(k)));
    Walked walked = walk(settled, snapshot, around.changes(), again, planned, folded, loadedAs);
    if (walked.merged().isEmpty()) {
      return Optional.empty(); // declares nothing: the whole judgement says what that means
    }
    List<Resource> merged = List.copyOf(walked.merged()); // (once: the verdicts take it as it is)
    Set<String> emptied = new HashSet<>(gone);
    again.forEach(
        (path, declared) -> {
          if (declared.isEmpty() && files.containsKey(path)) {
            emptied.add(path);
          }
        });
    // the settled verdict is clean: no rejection, file problem, loader warning or resource held
    DesiredState desired = DesiredState.fit(merged, needs);
    // the rows of what it plans, and of what it removes (the planner prunes those)
    Set<ResourceKey> rowsOf = new HashSet<>(planned);
    rowsOf.addAll(removed);
    List<RecordedResource> rows = resources.forKeys(settled.repositoryId(), rowsOf);
    PolicyEngine.Admitted admitted =
        admission.admit(
            DesiredState.fit(
                walked.planned().stream().filter(r -> affected.contains(r.key())).toList(), needs),
            settled.scope(),
            contexts.of(rows, desired, settled.available()));
    if (!admitted.desired().rejected().isEmpty()) {
      return Optional.empty();
    }
    Set<ResourceKey> judged = new HashSet<>(affected);
    judged.addAll(removed);
    Map<ResourceKey, List<Problem>> warnings =
        findings(settled.policyWarnings(), admitted.warnings(), judged);
    Map<ResourceKey, List<Problem>> audits =
        findings(settled.policyAudits(), admitted.audits(), judged);
    desired =
        desired.judged(
            merged,
            Map.of(),
            inOrder(admitted.general(), merged, warnings),
            inOrder(List.of(), merged, audits));
    Map<ResourceKey, Set<ResourceKey>> plannedNeeds = new HashMap<>();
    for (ResourceKey key : planned) {
      plannedNeeds.put(key, needs.getOrDefault(key, Set.of()));
    }
    DesiredState plannedState = DesiredState.fit(walked.planned(), plannedNeeds);
    return Optional.of(
        new Judged(
            rows,
            settled.available(),
            desired,
            settled.declared()
                ? declaring(
                    settled,
                    snapshot,
                    around.changes(),
                    walked.files(),
                    affected,
                    loadedAs,
                    KnownFiles.verdicts(needs, warnings, audits))
                : null,
            loaded.filesParsed(),
            plannedState,
            walked.unchanged(),
            parsed,
            warnings,
            audits,
            new Judged.Change(
                settled, added, removed, index, walked.files(), emptied, walked.inListing())));
  }

  private static List<Resource> declaredBefore(
      Map<String, SettledJudgement.FileResources> files, String path) {
    SettledJudgement.FileResources was = files.get(path);
    return was == null ? List.of() : was.parsed();
  }

  /** What {@code path} declares in the commit: as loaded again, else as it declared before. */
  private static List<Resource> declaredNow(
      String path,
      Map<String, List<Resource>> again,
      Map<String, SettledJudgement.FileResources> files) {
    List<Resource> loaded = again.get(path);
    return loaded != null ? loaded : declaredBefore(files, path);
  }

  /**
   * The commit's verdict, in its order ({@code merged}); the part of it {@code planned}; the
   * others' steps ({@code unchanged}); the files whose resources were loaded again or planned, each
   * with its resources as loaded and as judged now ({@code files}: those declaring any); and every
   * file of the commit with its resources now, in its order ({@code inListing}).
   */
  private record Walked(
      List<Resource> merged,
      List<Resource> planned,
      List<PlanStep> unchanged,
      Map<String, SettledJudgement.FileResources> files,
      List<SettledJudgement.FileResources> inListing) {}

  /**
   * Walks the commit's files: a file neither loaded again nor holding a planned resource is taken
   * as the settled verdict holds it, by its place there ({@code changes}), without looking up it or
   * its resources; the others resource by resource (whole where planned).
   */
  private Walked walk(
      SettledJudgement settled,
      Snapshot snapshot,
      FileChanges changes,
      Map<String, List<Resource>> again,
      Set<ResourceKey> planned,
      Map<ResourceKey, Resource> folded,
      Function<ResourceKey, Resource> loadedAs) {
    Set<String> touched = new HashSet<>(again.keySet());
    planned.forEach(k -> touched.add(loadedAs.apply(k).origin().file()));
    int size = settled.desired().resources().size() + planned.size(); // (no growing copies)
    List<Resource> merged = new ArrayList<>(size);
    List<Resource> plannedResources = new ArrayList<>();
    List<PlanStep> unchanged = new ArrayList<>(size);
    Map<String, SettledJudgement.FileResources> files = new HashMap<>();
    List<SettledJudgement.FileResources> inListing = new ArrayList<>(snapshot.files().size());
    for (int i = 0; i < snapshot.files().size(); i++) {
      String path = snapshot.files().get(i).path();
      if (!touched.contains(path)) {
        // by place: a lookup by path per file was most of this walk at 5,000 files
        int was = changes.placeBefore(i);
        SettledJudgement.FileResources same = was < 0 ? null : settled.inListing().get(was);
        if (same != null) {
          merged.addAll(same.judged());
          unchanged.addAll(same.unchanged());
        }
        inListing.add(same);
        continue;
      }
      List<Resource> loadedHere = declaredNow(path, again, settled.files());
      List<Resource> judgedHere = new ArrayList<>();
      for (Resource resource : loadedHere) {
        Resource judged = folded.get(resource.key());
        boolean plannedOne = planned.contains(resource.key());
        if (judged == null) {
          Resource settledOne = settled.byKey().get(resource.key());
          judged = plannedOne ? realize.apply(settledOne) : settledOne;
        }
        judgedHere.add(judged);
        if (plannedOne) {
          plannedResources.add(judged);
        } else {
          unchanged.add(PlanStep.knownUnchanged(resource.key()));
        }
      }
      merged.addAll(judgedHere);
      SettledJudgement.FileResources now =
          loadedHere.isEmpty() ? null : SettledJudgement.FileResources.of(loadedHere, judgedHere);
      if (now != null) {
        files.put(path, now);
      }
      inListing.add(now);
    }
    return new Walked(
        merged, plannedResources, unchanged, files, Collections.unmodifiableList(inListing));
  }

  /**
   * Whether resources {@code added} and {@code removed} since the settled verdict change nothing
   * about the others: none is a stack, policy or bundle; nothing that stays uses a removed one (it
   * would be held, or its reference now fail); no reference of the settled verdict resolved to a
   * resource of an added one's name (an added one could take it over, or make it ambiguous); none
   * is a built-in's or another repository's identity; and the commit's workspaces, which policies
   * read, are the same. Each is asked of the settled judgement's lookups: the cost is the added and
   * removed, not the commit.
   */
  private static boolean touchNoOther(
      SettledJudgement settled,
      Set<ResourceKey> added,
      Set<ResourceKey> removed,
      Map<ResourceKey, Resource> parsed) {
    if (added.isEmpty() && removed.isEmpty()) {
      return true;
    }
    Map<ResourceKey, Resource> elsewhere = new HashMap<>();
    settled.available().forEach(r -> elsewhere.putIfAbsent(r.key(), r));
    for (ResourceKey key : removed) {
      Resource gone = settled.parsed().get(key);
      if (REACHING_OTHERS.contains(gone.type())
          || elsewhere.containsKey(key)
          || !removed.containsAll(settled.neededBy().getOrDefault(key, List.of()))) {
        return false;
      }
    }
    // a settled verdict's references resolved among its resources and the built-ins (it is clean:
    // none to a resource leaving), which its index holds by name
    Validator.Index index = settled.references();
    for (ResourceKey key : added) {
      if (elsewhere.containsKey(key)
          || index.named(parsed.get(key).name()).stream()
              .anyMatch(named -> settled.neededBy().containsKey(named.key()))) {
        return false;
      }
    }
    return settled.keepsWorkspaces(
        added.stream().map(parsed::get).toList(),
        removed.stream().map(settled.parsed()::get).toList());
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
      Predicate<ResourceKey> declared) {
    Set<ResourceKey> planned = new LinkedHashSet<>(affected);
    for (ResourceKey key : affected) {
      List<ResourceKey> targets = new ArrayList<>(needs.getOrDefault(key, Set.of()));
      folded.get(key).conditions().stream().map(Condition::target).forEach(targets::add);
      targets.stream().filter(declared).forEach(planned::add);
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
      FileChanges changes,
      Map<String, SettledJudgement.FileResources> touched,
      Set<ResourceKey> judged,
      Function<ResourceKey, Resource> loadedAs,
      Function<Resource, DeclaredFiles.Verdict> verdicts) {
    Map<String, String> rewritten = new HashMap<>(changes.changed());
    Set<String> judgedIn = new HashSet<>();
    judged.forEach(k -> judgedIn.add(loadedAs.apply(k).origin().file()));
    judgedIn.removeAll(rewritten.keySet());
    if (!judgedIn.isEmpty()) {
      snapshot.files().stream()
          .filter(f -> judgedIn.contains(f.path()))
          .forEach(f -> rewritten.put(f.path(), f.blobId()));
    }
    // a rewritten file was loaded again (its blob changed) or holds a judged resource: touched
    List<Resource> declared = new ArrayList<>();
    rewritten.keySet().stream()
        .map(touched::get)
        .filter(Objects::nonNull)
        .forEach(f -> declared.addAll(f.parsed()));
    List<DeclaredFiles.Entry> entries =
        KnownFiles.declaredIn(declared, rewritten.keySet(), verdicts);
    return new DeclaredFiles.Update(
        false, rewritten, entries, changes.deleted(), settled.environment());
  }
}
