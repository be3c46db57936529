package dev.poros.reconcile;

import dev.poros.model.DesiredState;
import dev.poros.model.Problem;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import dev.poros.plan.PlanStep;
import dev.poros.policy.PolicyEngine;
import dev.poros.source.Snapshot;
import dev.poros.source.SourceFile;
import dev.poros.store.Generations;
import dev.poros.validate.Validator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * What the last settled sync of a repository judged, as an agent's reconciler keeps it until the
 * next: enough to judge a commit that changes only some resources' content without judging the
 * others again. It holds only while the sync's recorded fingerprint is the newest and still matches
 * the recorded state (see {@link Reconciler}).
 *
 * @param environment what besides the commit the verdict depended on ({@link
 *     SyncInputs#environment})
 * @param fingerprint the inputs the sync recorded, over the generations it left
 * @param stamp those generations
 * @param listed the files it read, as the source listed them
 * @param verdict the commit as it was judged (without the rows it was planned against)
 * @param declared whether the sync recorded its files' declarations (not with bundles)
 * @param neededBy who uses each resource (the reverse of the verdict's needs)
 * @param byKey the verdict's resources by key
 * @param files each file's resources, as loaded and as judged (files that declare none are absent)
 * @param inListing each file {@code listed}, in its order, with its resources (null: it declares
 *     none): the next change takes the files it does not touch by their place here ({@link
 *     FileChanges#placeBefore}), without looking each up
 * @param readers the files whose resources read other files (a job's spec file): only those can
 *     change without a change of their own blob, so a change looks at these, not every file
 * @param outsideListing whether some of its resources come from files it did not list — a bundle's
 *     members read from outside the synced folder or globs (a change, which walks the listed files,
 *     would lose them; it adds no bundle, so it keeps this)
 * @param scope what admitting any of its resources reads besides that one (a change touches no
 *     admission policy and keeps the workspaces, so it keeps the scope)
 * @param workspaces how many of its resources are in each workspace they add to the commit's
 *     ({@link dev.poros.policy.PolicyEngine#addsWorkspace}): whether a change keeps the commit's
 *     workspaces is a question of the resources it adds and removes
 * @param index the commit's resources as references look them up, made when first needed and handed
 *     on (amended by what they add and remove) to the verdicts judged as changes of this one
 */
record SettledJudgement(
    long repositoryId,
    String commit,
    String environment,
    String fingerprint,
    Generations.Stamp stamp,
    List<SourceFile> listed,
    Judged verdict,
    boolean declared,
    Map<ResourceKey, List<ResourceKey>> neededBy,
    Map<ResourceKey, Resource> byKey,
    Map<String, FileResources> files,
    List<FileResources> inListing,
    Set<String> readers,
    boolean outsideListing,
    PolicyEngine.CommitScope scope,
    Map<String, Integer> workspaces,
    AtomicReference<Validator.Index> index) {

  /**
   * A file's resources in line order, each as loaded ({@code parsed}) and as the verdict holds it
   * ({@code judged}: its hash covers what it uses): what a change leaves a file with when it does
   * not touch it, taken whole instead of looked up resource by resource.
   */
  record FileResources(
      List<Resource> parsed,
      List<Resource> judged,
      Map<String, String> reads,
      List<PlanStep> unchanged) {
    /**
     * With {@code reads}, the files its resources read besides it (path → blob id), and {@code
     * unchanged}, their steps when a sync knows them unchanged (made once, not every sync).
     */
    static FileResources of(List<Resource> parsed, List<Resource> judged) {
      Map<String, String> reads = new HashMap<>();
      parsed.forEach(r -> reads.putAll(r.files()));
      return new FileResources(
          List.copyOf(parsed),
          List.copyOf(judged),
          reads.isEmpty() ? Map.of() : reads,
          judged.stream().map(r -> PlanStep.knownUnchanged(r.key())).toList());
    }
  }

  /** The settled {@code verdict} of {@code snapshot}. */
  static SettledJudgement of(
      long repositoryId,
      Snapshot snapshot,
      SyncInputs inputs,
      String fingerprint,
      Generations.Stamp stamp,
      Judged verdict) {
    return of(
        repositoryId,
        snapshot.commit(),
        snapshot.files(),
        inputs,
        fingerprint,
        stamp,
        holdsStubs(verdict) ? stubbed(verdict) : verdict,
        verdict.declaring() != null);
  }

  /**
   * Whether the settled judgement of {@code verdict} holds its resources as stubs: a verdict judged
   * whole whose declarations are recorded (no bundle), so that what a change needs of a resource
   * can be read back. A change's verdict keeps the stubs its settled one held.
   */
  static boolean holdsStubs(Judged verdict) {
    return verdict.change() == null && verdict.declaring() != null;
  }

  /**
   * The settled {@code verdict} of {@code commit}, whose files were {@code listed} and whose
   * declarations were recorded if {@code declared}. A verdict judged as a change of another takes
   * that one's resources by key and users of each, amended by what it planned, added and removed,
   * and the index it was judged with.
   */
  static SettledJudgement of(
      long repositoryId,
      String commit,
      List<SourceFile> listed,
      SyncInputs inputs,
      String fingerprint,
      Generations.Stamp stamp,
      Judged verdict,
      boolean declared) {
    Judged.Change change = verdict.change();
    Map<String, Integer> workspaces = // (before parsedAfter: it reads the removed as they were)
        change == null
            ? counted(verdict.desired().resources(), List.of(), new HashMap<>())
            : counted(
                change.added().stream().map(verdict.parsed()::get).toList(),
                change.removed().stream().map(change.from().parsed()::get).toList(),
                change.from().workspaces());
    Map<ResourceKey, Resource> parsed =
        change == null ? verdict.parsed() : parsedAfter(change, verdict);
    Map<String, FileResources> files =
        change == null ? filesOf(verdict.desired().resources(), parsed) : filesAfter(change);
    return new SettledJudgement(
        repositoryId,
        commit,
        inputs.environment(),
        fingerprint,
        stamp,
        List.copyOf(listed),
        kept(verdict, verdict.desired(), parsed),
        declared,
        change == null ? usersOf(verdict.desired().needs()) : usersAfter(change, verdict),
        change == null
            ? byKey(verdict.desired().resources())
            : withPlanned(change.from().byKey(), verdict.planned(), change.removed()),
        files,
        change == null ? inListing(listed, files) : change.inListing(),
        change == null ? readersOf(files) : readersAfter(change),
        change == null
            ? !listedPaths(listed).containsAll(files.keySet())
            : change.from().outsideListing(),
        change == null
            ? PolicyEngine.CommitScope.of(verdict.desired().resources())
            : change.from().scope(),
        workspaces,
        new AtomicReference<>(change == null ? null : change.index()));
  }

  /**
   * Whether the commit's workspaces stay as they are when {@code added} are declared besides and
   * {@code removed} no longer: none added in a workspace it has not, none emptied.
   */
  boolean keepsWorkspaces(List<Resource> added, List<Resource> removed) {
    Map<String, Integer> moved = counted(added, removed, new HashMap<>());
    for (Map.Entry<String, Integer> move : moved.entrySet()) {
      int before = workspaces.getOrDefault(move.getKey(), 0);
      if ((before > 0) != (before + move.getValue() > 0)) {
        return false;
      }
    }
    return true;
  }

  /** {@code counts} of resources by workspace, {@code added} counted in, {@code removed} out. */
  private static Map<String, Integer> counted(
      List<Resource> added, List<Resource> removed, Map<String, Integer> counts) {
    count(added, 1, counts);
    count(removed, -1, counts);
    return counts;
  }

  private static void count(List<Resource> resources, int by, Map<String, Integer> counts) {
    for (Resource resource : resources) {
      String workspace = PolicyEngine.addsWorkspace(resource);
      if (workspace != null) {
        counts.merge(workspace, by, Integer::sum);
      }
    }
  }

  /**
   * {@code verdict} with its resources as stubs ({@link Resource#stub}) but the stacks and
   * admission policies, which others are judged against: what a change leaves alone needs no spec,
   * and the specs of 50,000 resources were half an agent's heap between syncs. A change makes whole
   * what it judges or applies from the recorded specs, as after a restart.
   */
  private static Judged stubbed(Judged verdict) {
    UnaryOperator<Resource> stub = r -> r.type().judgesOthers() ? r : r.stub();
    Map<ResourceKey, Resource> parsed = new HashMap<>();
    verdict.parsed().forEach((key, resource) -> parsed.put(key, stub.apply(resource)));
    DesiredState desired = verdict.desired();
    List<Resource> judged = new ArrayList<>(desired.resources().size());
    desired.resources().forEach(r -> judged.add(stub.apply(r)));
    return kept(
        verdict,
        desired.judged(
            judged, desired.rejected(), desired.policyWarnings(), desired.policyAudits()),
        parsed);
  }

  /**
   * What the next judgement needs of {@code verdict}, not the rows and declarations of this one:
   * its verdict {@code desired}, each resource {@code parsed}, what else it may use and the
   * policies' findings.
   */
  private static Judged kept(
      Judged verdict, DesiredState desired, Map<ResourceKey, Resource> parsed) {
    return new Judged(
        List.of(),
        verdict.available(),
        desired,
        null,
        verdict.filesParsed(),
        desired,
        List.of(),
        parsed,
        verdict.policyWarnings(),
        verdict.policyAudits(),
        null);
  }

  private static Set<String> listedPaths(List<SourceFile> listed) {
    Set<String> paths = new HashSet<>();
    listed.forEach(f -> paths.add(f.path()));
    return paths;
  }

  /** Each file's resources in {@code judged}'s order, with each one's {@code parsed} self. */
  private static Map<String, FileResources> filesOf(
      List<Resource> judged, Map<ResourceKey, Resource> parsed) {
    Map<String, List<Resource>> parsedOf = new HashMap<>();
    Map<String, List<Resource>> judgedOf = new HashMap<>();
    for (Resource resource : judged) {
      String file = resource.origin().file();
      parsedOf.computeIfAbsent(file, f -> new ArrayList<>()).add(parsed.get(resource.key()));
      judgedOf.computeIfAbsent(file, f -> new ArrayList<>()).add(resource);
    }
    Map<String, FileResources> files = new HashMap<>();
    judgedOf.forEach(
        (file, resources) -> files.put(file, FileResources.of(parsedOf.get(file), resources)));
    return files;
  }

  /**
   * The resources as loaded of a verdict judged as a change of another: as that one's, with those
   * loaded again, without those removed. Changed in place, as {@link #withPlanned}.
   */
  private static Map<ResourceKey, Resource> parsedAfter(Judged.Change change, Judged verdict) {
    Map<ResourceKey, Resource> parsed = change.from().parsed();
    parsed.keySet().removeAll(change.removed());
    parsed.putAll(verdict.parsed());
    return parsed;
  }

  /** The files of a verdict judged as a change: as before, but those it touched or removed. */
  private static Map<String, FileResources> filesAfter(Judged.Change change) {
    Map<String, FileResources> files = change.from().files();
    files.keySet().removeAll(change.gone());
    files.putAll(change.files());
    return files;
  }

  private static List<FileResources> inListing(
      List<SourceFile> listed, Map<String, FileResources> files) {
    List<FileResources> inListing = new ArrayList<>(listed.size());
    listed.forEach(file -> inListing.add(files.get(file.path())));
    return Collections.unmodifiableList(inListing);
  }

  private static Set<String> readersOf(Map<String, FileResources> files) {
    Set<String> readers = new HashSet<>();
    files.forEach(
        (path, resources) -> {
          if (!resources.reads().isEmpty()) {
            readers.add(path);
          }
        });
    return readers;
  }

  /**
   * The readers of a verdict judged as a change: as before, but of the files it touched or removed.
   */
  private static Set<String> readersAfter(Judged.Change change) {
    Set<String> readers = change.from().readers();
    readers.removeAll(change.gone());
    change
        .files()
        .forEach(
            (path, resources) -> {
              if (resources.reads().isEmpty()) {
                readers.remove(path);
              } else {
                readers.add(path);
              }
            });
    return readers;
  }

  private static Map<ResourceKey, Resource> byKey(List<Resource> resources) {
    Map<ResourceKey, Resource> byKey = new HashMap<>();
    resources.forEach(r -> byKey.put(r.key(), r));
    return byKey;
  }

  /**
   * The resources by key of a verdict judged as a change of the one {@code before} held: each the
   * same resource but those it {@code planned}, without those it {@code removed}. Changed in place
   * — the verdict it belonged to is being replaced — rather than every entry made again each sync.
   */
  private static Map<ResourceKey, Resource> withPlanned(
      Map<ResourceKey, Resource> before, DesiredState planned, Set<ResourceKey> removed) {
    before.keySet().removeAll(removed);
    planned.resources().forEach(r -> before.put(r.key(), r));
    return before;
  }

  /**
   * Who uses each resource after {@code change}: as before it (its changed resources need what they
   * needed), with the added resources' uses and without the removed ones'. Changed in place, as
   * {@link #withPlanned}.
   */
  private static Map<ResourceKey, List<ResourceKey>> usersAfter(
      Judged.Change change, Judged verdict) {
    Map<ResourceKey, List<ResourceKey>> neededBy = change.from().neededBy();
    Map<ResourceKey, Set<ResourceKey>> before = change.from().desired().needs();
    // each list of users passed over once: a built-in stack's are half the commit
    Map<ResourceKey, Set<ResourceKey>> goneUsers = new HashMap<>();
    for (ResourceKey gone : change.removed()) {
      neededBy.remove(gone);
      for (ResourceKey used : before.getOrDefault(gone, Set.of())) {
        goneUsers.computeIfAbsent(used, k -> new HashSet<>()).add(gone);
      }
    }
    goneUsers.forEach(
        (used, gone) -> {
          List<ResourceKey> users = neededBy.get(used);
          if (users != null) { // (null: what it used went too)
            users.removeAll(gone);
            if (users.isEmpty()) {
              neededBy.remove(used);
            }
          }
        });
    Map<ResourceKey, Set<ResourceKey>> now = verdict.desired().needs();
    for (ResourceKey added : change.added()) {
      for (ResourceKey used : now.getOrDefault(added, Set.of())) {
        neededBy.computeIfAbsent(used, k -> new ArrayList<>()).add(added);
      }
    }
    return neededBy;
  }

  /**
   * Every resource's step as a sync reports it known unchanged, in the commit's order: the steps
   * each listed file keeps, not one made for each resource every time (resources of files it did
   * not list: one each, as they are not walked).
   */
  List<PlanStep> unchangedSteps() {
    if (outsideListing) {
      return desired().resources().stream().map(r -> PlanStep.knownUnchanged(r.key())).toList();
    }
    List<PlanStep> steps = new ArrayList<>(desired().resources().size());
    for (FileResources resources : inListing) {
      if (resources != null) {
        steps.addAll(resources.unchanged());
      }
    }
    return steps;
  }

  /** {@link #index}, made now if it was not. */
  Validator.Index references() {
    return index.updateAndGet(
        made -> made != null ? made : Validator.index(parsed().values(), available()));
  }

  /** Each resource as the loader gave it (before its hash covered what it uses). */
  Map<ResourceKey, Resource> parsed() {
    return verdict.parsed();
  }

  /** The verdict: every resource fit, hashes folded, admitted. */
  DesiredState desired() {
    return verdict.desired();
  }

  /** What else the commit could use (built-in, other repositories'). */
  List<Resource> available() {
    return verdict.available();
  }

  Map<ResourceKey, List<Problem>> policyWarnings() {
    return verdict.policyWarnings();
  }

  Map<ResourceKey, List<Problem>> policyAudits() {
    return verdict.policyAudits();
  }

  private static Map<ResourceKey, List<ResourceKey>> usersOf(
      Map<ResourceKey, Set<ResourceKey>> needs) {
    Map<ResourceKey, List<ResourceKey>> neededBy = new HashMap<>();
    needs.forEach(
        (user, used) ->
            used.forEach(k -> neededBy.computeIfAbsent(k, x -> new ArrayList<>()).add(user)));
    return neededBy;
  }

  /** {@code changed} and every resource that uses one of them, directly or through others. */
  Set<ResourceKey> withUsers(Set<ResourceKey> changed) {
    Set<ResourceKey> all = new HashSet<>(changed);
    ArrayDeque<ResourceKey> next = new ArrayDeque<>(changed);
    while (!next.isEmpty()) {
      for (ResourceKey user : neededBy.getOrDefault(next.poll(), List.of())) {
        if (all.add(user)) {
          next.add(user);
        }
      }
    }
    return all;
  }
}
