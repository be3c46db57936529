package dev.poros.reconcile;

import dev.poros.load.LoadResult;
import dev.poros.load.ManifestLoader;
import dev.poros.load.ParsedFile;
import dev.poros.model.DesiredState;
import dev.poros.model.RecordedResource;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import dev.poros.policy.Admission;
import dev.poros.policy.PolicyEngine;
import dev.poros.source.Snapshot;
import dev.poros.store.DeclaredFiles;
import dev.poros.store.RepositoryRecord;
import dev.poros.store.ResourceStore;
import dev.poros.validate.UsedHashes;
import dev.poros.validate.Validator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Judges a commit whole: every file loaded — or, of the files the last settled sync declared and
 * that have not changed since, restored from its rows — then validated against everything the
 * repository records and may use, and admitted by the policies. Always right; a change's judgement
 * ({@link ChangeJudge}) is the fast path that defers to it.
 */
final class WholeJudge {
  private final ResourceStore resources;
  private final Catalog catalog;
  private final DeclaredFiles declaredFiles;
  private final KnownFiles knownFiles;
  private final ManifestLoader loader;
  private final Validator validator;
  private final Admission admission;
  private final AdmissionContexts contexts;

  WholeJudge(
      ResourceStore resources,
      Catalog catalog,
      DeclaredFiles declaredFiles,
      KnownFiles knownFiles,
      ManifestLoader loader,
      Validator validator,
      Admission admission,
      AdmissionContexts contexts) {
    this.resources = resources;
    this.catalog = catalog;
    this.declaredFiles = declaredFiles;
    this.knownFiles = knownFiles;
    this.loader = loader;
    this.validator = validator;
    this.admission = admission;
    this.contexts = contexts;
  }

  /**
   * {@code withSecrets}: whether what the commit may use carries its secret values (to apply);
   * {@code fromDeclared}: whether the files the last settled sync declared, unchanged since, are
   * restored from its rows instead of parsed (their hashes need the secret values); {@code
   * environment}: what besides the commit the verdict depends on, recorded with its declarations.
   */
  Judged judge(
      RepositoryRecord repo,
      Snapshot snapshot,
      boolean withSecrets,
      boolean fromDeclared,
      String environment) {
    List<RecordedResource> recorded =
        repo.id() < 0 ? List.of() : resources.forRepository(repo.id());
    List<Resource> available = catalog.availableTo(repo.id(), withSecrets);
    Optional<DeclaredFiles.Declarations> declared =
        fromDeclared && repo.id() >= 0 ? declaredFiles.trusted(repo.id()) : Optional.empty();
    Map<String, ParsedFile> known =
        declared.isPresent()
            ? knownFiles.of(declared.get(), snapshot, recorded, loader::parsedBefore)
            : Map.of();
    LoadResult loaded = loader.load(snapshot, known);
    Map<ResourceKey, Resource> parsed = firstOfEachKey(loaded.resources());
    recorded = sharingDeclared(recorded, parsed);
    DesiredState desired = validate(loaded, recorded, available, withSecrets);
    Set<String> restoredWithProblems = desired.troubledFiles();
    restoredWithProblems.retainAll(known.keySet());
    if (!restoredWithProblems.isEmpty()) {
      // restored resources know only the line they start on: their files' problems are found
      // again in the files, parsed; the other files' verdicts do not change with their lines
      known = new HashMap<>(known);
      known.keySet().removeAll(restoredWithProblems);
      // what was judged goes before the commit is loaded again (at 50,000 both barely fit)
      loaded = null;
      parsed = null;
      desired = null;
      loaded = loader.load(snapshot, known);
      parsed = firstOfEachKey(loaded.resources());
      recorded = sharingDeclared(recorded, parsed);
      desired = validate(loaded, recorded, available, withSecrets);
    }
    // after the restore's check: a policy's warnings are the commit's, found again every time
    PolicyEngine.Admitted admitted =
        admission.admit(
            desired,
            PolicyEngine.CommitScope.of(desired.resources()),
            contexts.of(repo, snapshot, recorded, desired, available));
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

  private DesiredState validate(
      LoadResult loaded,
      List<RecordedResource> recorded,
      List<Resource> available,
      boolean withSecrets) {
    List<Resource> leaving = leaving(loaded, recorded, withSecrets);
    DesiredState desired = validator.validate(loaded, available, leaving);
    List<Resource> usable = new ArrayList<>(available);
    usable.addAll(leaving);
    // a resource's hash covers what it uses: a rotated secret re-plans the resources using it
    return UsedHashes.fold(desired, usable);
  }

  /**
   * The recorded resources this commit no longer declares, rebuilt: only those can be "still used"
   * (rebuilding all of them would cost a parse per resource on every sync).
   */
  private List<Resource> leaving(
      LoadResult loaded, List<RecordedResource> recorded, boolean withSecrets) {
    Set<ResourceKey> declared = new HashSet<>();
    loaded.resources().forEach(r -> declared.add(r.key()));
    return catalog.rebuild(
        recorded.stream().filter(r -> !declared.contains(r.key())).toList(), withSecrets);
  }
}
