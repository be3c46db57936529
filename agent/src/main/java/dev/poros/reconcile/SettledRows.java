package dev.poros.reconcile;

import dev.poros.load.LoadResult;
import dev.poros.load.ManifestLoader;
import dev.poros.load.ParsedFile;
import dev.poros.model.DesiredState;
import dev.poros.model.Lazy;
import dev.poros.model.Problem;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import dev.poros.source.Snapshot;
import dev.poros.source.SourceFile;
import dev.poros.store.DeclaredFiles;
import dev.poros.store.Generations;
import dev.poros.store.RepositoryRecord;
import dev.poros.store.ResourceStore;
import dev.poros.store.SyncStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The last settled verdict of a repository rebuilt from the Poros DB, for a process that does not
 * hold it (a one-shot {@code poros sync}, an agent after a restart): the files that sync declared
 * and have not changed are restored from their rows, not parsed, and what it judged of each
 * resource — what it needs, its hash before that was folded in, its policy findings — is read, not
 * judged again. Only while that sync's declarations are trusted (no sync has started since), its
 * fingerprint is the newest and still matches the recorded state, and it was judged in the same
 * environment.
 */
final class SettledRows {
  /** The rebuilt verdict, and the commit at hand loaded around it. */
  record Restored(SettledJudgement settled, Around around) {}

  /**
   * A commit loaded around a settled verdict: the load of the files that were parsed again (every
   * file not known unchanged), and each such file's resources in line order (none: an empty list).
   * The other files declare what the verdict holds for them.
   */
  record Around(LoadResult loaded, Map<String, List<Resource>> loadedAgain, FileChanges changes) {}

  private final DeclaredFiles declaredFiles;
  private final SyncStore syncs;
  private final Generations generations;
  private final ResourceStore resources;
  private final KnownFiles knownFiles;
  private final ManifestLoader loader;
  private final Catalog catalog;

  SettledRows(
      DeclaredFiles declaredFiles,
      SyncStore syncs,
      Generations generations,
      ResourceStore resources,
      KnownFiles knownFiles,
      ManifestLoader loader,
      Catalog catalog) {
    this.declaredFiles = declaredFiles;
    this.syncs = syncs;
    this.generations = generations;
    this.resources = resources;
    this.knownFiles = knownFiles;
    this.loader = loader;
    this.catalog = catalog;
  }

  Optional<Restored> restore(RepositoryRecord repo, Snapshot snapshot, SyncInputs inputs) {
    if (repo.id() < 0 || repo.lastCommit() == null) {
      return Optional.empty();
    }
    String fingerprint = syncs.lastInputs(repo.id()).orElse(null);
    Generations.Stamp stamp = generations.of(repo.id());
    if (fingerprint == null || !SyncInputs.isOver(fingerprint, stamp)) {
      return Optional.empty();
    }
    DeclaredFiles.Declarations declared = declaredFiles.trusted(repo.id()).orElse(null);
    if (declared == null || !inputs.environment().equals(declared.environment())) {
      return Optional.empty();
    }
    Map<String, DeclaredFiles.Entry> entries = declared.byKey();
    if (entries.values().stream().anyMatch(e -> e.verdict() == null)) {
      return Optional.empty();
    }
    Map<String, ResourceStore.Summary> rows = resources.summaries(repo.id());
    Predicate<String> applied = id -> rows.containsKey(id) && rows.get(id).applied();
    if (!entries.keySet().stream().allMatch(applied)) {
      return Optional.empty();
    }
    // what the settled sync loaded, each resource a stub; the files unchanged since are not parsed
    Map<String, List<Resource>> stubsByFile = stubs(declared, rows);
    List<SourceFile> listed =
        declared.blobs().entrySet().stream()
            .map(e -> new SourceFile(e.getKey(), e.getValue()))
            .sorted(SourceFile.GIT_ORDER) // (as a commit lists them)
            .toList();
    Around around =
        loadChanged(
            snapshot,
            FileChanges.between(listed, snapshot.files()),
            path -> KnownFiles.trusted(declared.of(path), applied, snapshot),
            path -> !declared.of(path).isEmpty());
    List<Resource> inLineOrder = new ArrayList<>();
    stubsByFile.values().forEach(inLineOrder::addAll);
    Map<ResourceKey, Resource> parsed = new HashMap<>();
    inLineOrder.forEach(r -> parsed.put(r.key(), r));
    Judged verdict = verdict(repo, inLineOrder, parsed, entries, rows);
    return Optional.of(
        new Restored(
            SettledJudgement.of(
                repo.id(), repo.lastCommit(), listed, inputs, fingerprint, stamp, verdict, true),
            around));
  }

  /**
   * {@code snapshot} loaded around {@code last}, the verdict an agent holds: the files unchanged
   * since (nor any file their resources read) keep the resources it loaded, only the others are
   * parsed — a restarted agent's verdict holds stubs, and the loader's cache is empty then. Every
   * file is parsed when {@code last} saw a broken file, a problem, a loader warning or a rejection:
   * only loading the files again finds those again.
   */
  Around loadAround(SettledJudgement last, Snapshot snapshot) {
    DesiredState was = last.desired();
    FileChanges changes = FileChanges.between(last.listed(), snapshot.files());
    if (!was.brokenFiles().isEmpty()
        || !was.fileProblems().isEmpty()
        || !was.warnings().isEmpty()
        || !was.rejected().isEmpty()) {
      return around(loader.load(snapshot), snapshot.files(), changes);
    }
    Map<String, SettledJudgement.FileResources> files = last.files();
    Set<String> readers = last.readers();
    return loadChanged(
        snapshot,
        changes,
        path -> !readers.contains(path) || KnownFiles.unchanged(files.get(path).reads(), snapshot),
        files::containsKey);
  }

  /** Each declared file's resources as stubs, in line order. */
  private Map<String, List<Resource>> stubs(
      DeclaredFiles.Declarations declared, Map<String, ResourceStore.Summary> rows) {
    Map<String, List<Resource>> stubsByFile = new HashMap<>();
    declared
        .byFile()
        .forEach(
            (path, entries) ->
                stubsByFile.put(
                    path,
                    entries.stream()
                        .map(entry -> knownFiles.stub(entry, rows.get(entry.key())))
                        .toList()));
    return stubsByFile;
  }

  /**
   * {@code snapshot} loaded around the files a sync declared, unchanged since (not among {@code
   * changes}) and still {@code trusted} (nor has a file their resources read changed): only the
   * others are loaded. The loader takes each of those as of its kind — it {@code declares}
   * resources, or is plain YAML such as a job's spec file — not its resources, and only where a
   * reference reaches it: a change at 50,000 resources makes nothing for each unchanged file.
   */
  private Around loadChanged(
      Snapshot snapshot,
      FileChanges changes,
      Predicate<String> trusted,
      Predicate<String> declares) {
    List<SourceFile> toLoad = new ArrayList<>();
    for (SourceFile file : snapshot.files()) {
      if (!changes.unchanged(file.path()) || !trusted.test(file.path())) {
        toLoad.add(file);
      }
    }
    Lazy<Set<String>> listed =
        new Lazy<>(
            () -> {
              Set<String> paths = new HashSet<>();
              snapshot.files().forEach(f -> paths.add(f.path()));
              return paths;
            });
    Function<String, ParsedFile> known =
        path ->
            listed.get().contains(path)
                ? new ParsedFile(
                    path,
                    List.of(),
                    List.of(),
                    declares.test(path)
                        ? ParsedFile.Content.MANIFESTS
                        : ParsedFile.Content.PLAIN_YAML)
                : null;
    return around(loader.load(snapshot, toLoad, known), toLoad, changes);
  }

  /**
   * The settled verdict of {@code parsed} (each file's resources {@code inLineOrder}): each
   * resource with the hash it was applied with, what it needs and what the policies found, as the
   * rows say.
   */
  private Judged verdict(
      RepositoryRecord repo,
      List<Resource> inLineOrder,
      Map<ResourceKey, Resource> parsed,
      Map<String, DeclaredFiles.Entry> entries,
      Map<String, ResourceStore.Summary> rows) {
    List<Resource> fit = new ArrayList<>();
    Map<ResourceKey, Set<ResourceKey>> needs = new HashMap<>();
    Map<ResourceKey, List<Problem>> warnings = new HashMap<>();
    Map<ResourceKey, List<Problem>> audits = new HashMap<>();
    for (Resource resource : inLineOrder) {
      DeclaredFiles.Verdict verdict = entries.get(resource.key().id()).verdict();
      fit.add(resource.withHash(rows.get(resource.key().id()).hash()));
      Set<ResourceKey> used = new HashSet<>();
      verdict.needs().forEach(id -> used.add(new ResourceKey(id)));
      needs.put(resource.key(), used);
      if (!verdict.warnings().isEmpty()) {
        warnings.put(resource.key(), verdict.warnings());
      }
      if (!verdict.audits().isEmpty()) {
        audits.put(resource.key(), verdict.audits());
      }
    }
    DesiredState desired = DesiredState.fit(fit, needs);
    return new Judged(
        List.of(),
        catalog.availableTo(repo.id(), true),
        desired,
        null,
        0,
        desired,
        List.of(),
        parsed,
        warnings,
        audits,
        null);
  }

  /** {@code loaded}, the load of files {@code loadedAgain}. */
  private static Around around(
      LoadResult loaded, List<SourceFile> loadedAgain, FileChanges changes) {
    Map<String, List<Resource>> again = new HashMap<>();
    for (SourceFile file : loadedAgain) {
      again.put(file.path(), new ArrayList<>());
    }
    loaded
        .resources()
        .forEach(r -> again.computeIfAbsent(r.origin().file(), f -> new ArrayList<>()).add(r));
    return new Around(loaded, again, changes);
  }
}
