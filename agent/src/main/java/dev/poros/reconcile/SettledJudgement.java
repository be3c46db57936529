package dev.poros.reconcile;

import dev.poros.model.DesiredState;
import dev.poros.model.Problem;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
 * @param blobs the files it read, path → blob
 * @param verdict the commit as it was judged (without the rows it was planned against)
 * @param declared whether the sync recorded its files' declarations (not with bundles)
 * @param neededBy who uses each resource (the reverse of the verdict's needs)
 * @param byKey the verdict's resources by key
 * @param index the commit's resources as references look them up, made when first needed and handed
 *     on to the verdicts judged as changes of this one (same identities, same stacks)
 */
record SettledJudgement(
    long repositoryId,
    String commit,
    String environment,
    String fingerprint,
    dev.poros.store.Generations.Stamp stamp,
    Map<String, String> blobs,
    Judged verdict,
    boolean declared,
    Map<ResourceKey, List<ResourceKey>> neededBy,
    Map<ResourceKey, Resource> byKey,
    java.util.concurrent.atomic.AtomicReference<dev.poros.validate.Validator.Index> index) {

  /**
   * The settled {@code verdict} of {@code snapshot}; {@code before}: the one it was judged as a
   * change of, if any (what did not change is taken from it).
   */
  static SettledJudgement of(
      long repositoryId,
      dev.poros.source.Snapshot snapshot,
      SyncInputs inputs,
      String fingerprint,
      dev.poros.store.Generations.Stamp stamp,
      Judged verdict,
      Optional<SettledJudgement> before) {
    Map<String, String> blobs = new HashMap<>();
    snapshot.files().forEach(f -> blobs.put(f.path(), f.blobId()));
    // a change judged from the last verdict keeps its needs (the same map): so do its users
    Optional<SettledJudgement> changeOf =
        before.filter(b -> b.desired().needs() == verdict.desired().needs());
    return of(
        repositoryId,
        snapshot.commit(),
        blobs,
        inputs,
        fingerprint,
        stamp,
        verdict,
        verdict.declaring() != null,
        changeOf);
  }

  /**
   * The settled {@code verdict} of {@code commit}, whose files were {@code blobs} (path → blob) and
   * whose declarations were recorded if {@code declared}; {@code changeOf}: the verdict it was
   * judged as a change of, whose users of each resource and whose index it keeps.
   */
  static SettledJudgement of(
      long repositoryId,
      String commit,
      Map<String, String> blobs,
      SyncInputs inputs,
      String fingerprint,
      dev.poros.store.Generations.Stamp stamp,
      Judged verdict,
      boolean declared,
      Optional<SettledJudgement> changeOf) {
    Map<ResourceKey, Resource> byKey =
        changeOf
            .map(before -> withPlanned(before.byKey(), verdict.planned()))
            .orElseGet(() -> byKey(verdict.desired().resources()));
    Map<ResourceKey, List<ResourceKey>> neededBy =
        changeOf
            .map(SettledJudgement::neededBy)
            .orElseGet(() -> usersOf(verdict.desired().needs()));
    return new SettledJudgement(
        repositoryId,
        commit,
        inputs.environment(),
        fingerprint,
        stamp,
        Map.copyOf(blobs),
        // what the next judgement needs, not the rows and declarations of this one
        new Judged(
            List.of(),
            verdict.available(),
            verdict.desired(),
            null,
            verdict.filesParsed(),
            verdict.desired(),
            List.of(),
            verdict.parsed(),
            verdict.policyWarnings(),
            verdict.policyAudits()),
        declared,
        neededBy,
        byKey,
        changeOf
            .map(SettledJudgement::index)
            .orElseGet(java.util.concurrent.atomic.AtomicReference::new));
  }

  private static Map<ResourceKey, Resource> byKey(List<Resource> resources) {
    Map<ResourceKey, Resource> byKey = new HashMap<>();
    resources.forEach(r -> byKey.put(r.key(), r));
    return byKey;
  }

  /**
   * The resources by key of a verdict judged as a change of the one {@code before} held: the same
   * identities, each the same resource but those it {@code planned}. Changed in place — the verdict
   * it belonged to is being replaced — rather than every entry made again each sync.
   */
  private static Map<ResourceKey, Resource> withPlanned(
      Map<ResourceKey, Resource> before, DesiredState planned) {
    planned.resources().forEach(r -> before.put(r.key(), r));
    return before;
  }

  /** {@link #index}, made now if it was not. */
  dev.poros.validate.Validator.Index references() {
    return index.updateAndGet(
        made ->
            made != null
                ? made
                : dev.poros.validate.Validator.index(parsed().values(), available()));
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
    Set<ResourceKey> all = new java.util.HashSet<>(changed);
    java.util.ArrayDeque<ResourceKey> next = new java.util.ArrayDeque<>(changed);
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
