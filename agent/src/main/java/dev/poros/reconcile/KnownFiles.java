package dev.poros.reconcile;

import dev.poros.load.LoadResult;
import dev.poros.load.ParsedFile;
import dev.poros.load.ResourceFactory;
import dev.poros.model.Problem;
import dev.poros.model.RecordedResource;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import dev.poros.model.ResourceType;
import dev.poros.model.SecretData;
import dev.poros.source.Snapshot;
import dev.poros.source.SourceFile;
import dev.poros.store.DeclaredFiles;
import dev.poros.store.ResourceStore;
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
 * The files of a commit that need no parsing: those a settled sync declared and that have not
 * changed since (nor has any file their resources read), their resources restored from the rows
 * that sync left; and, after a load, what it declared, for the next sync to trust in turn.
 */
final class KnownFiles {
  private final ResourceFactory factory;
  private final Function<String, SecretData> secrets;
  private final WholeResources whole;

  /**
   * {@code secrets}: the stored secret values of a resource, by key; {@code whole}: stubs made
   * whole from their recorded specs.
   */
  KnownFiles(ResourceFactory factory, Function<String, SecretData> secrets, WholeResources whole) {
    this.factory = factory;
    this.secrets = secrets;
    this.whole = whole;
  }

  /**
   * The files of {@code snapshot} as {@code declared} and the recorded rows give them, by path; a
   * file still held as {@code parsedBefore} (an agent's loader keeps what it parsed) is taken as it
   * was parsed, which costs nothing, instead of being rebuilt from its rows.
   */
  Map<String, ParsedFile> of(
      DeclaredFiles.Declarations declared,
      Snapshot snapshot,
      List<RecordedResource> recorded,
      Function<SourceFile, Optional<ParsedFile>> parsedBefore) {
    Map<String, RecordedResource> rows = new HashMap<>();
    recorded.forEach(r -> rows.put(r.key().id(), r));
    Map<String, ParsedFile> known = new HashMap<>();
    for (SourceFile file : snapshot.files()) {
      if (!file.blobId().equals(declared.blobs().get(file.path()))) {
        continue;
      }
      List<DeclaredFiles.Entry> entries = declared.of(file.path());
      if (!trusted(entries, id -> rows.containsKey(id) && rows.get(id).applied(), snapshot)) {
        continue;
      }
      Optional<ParsedFile> parsed = parsedBefore.apply(file);
      if (parsed.isEmpty()) {
        parsed = restore(file.path(), entries, rows);
      }
      parsed.ifPresent(p -> known.put(file.path(), p));
    }
    return known;
  }

  /** Whether every resource a file declared is recorded and every file it read is unchanged. */
  static boolean trusted(
      List<DeclaredFiles.Entry> entries, Predicate<String> applied, Snapshot snapshot) {
    for (DeclaredFiles.Entry entry : entries) {
      if (!applied.test(entry.key()) || !unchanged(entry.files(), snapshot)) {
        return false;
      }
    }
    return true;
  }

  /** Whether each of {@code files} (path → blob id) is in {@code snapshot} as it was. */
  static boolean unchanged(Map<String, String> files, Snapshot snapshot) {
    if (files.isEmpty()) {
      return true; // (most read none: no iterator made for each)
    }
    for (Map.Entry<String, String> read : files.entrySet()) {
      Optional<String> now = snapshot.reader().find(read.getKey()).map(SourceFile::blobId);
      if (!now.equals(Optional.of(read.getValue()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * A resource a settled sync declared, as its row and declaration say it: identity, place, the
   * files it read and its hash as loaded ({@code verdict}'s) — no spec, no references. Enough to
   * stand for a resource a change leaves alone; {@link #realize} makes it whole when it must be
   * judged or applied. Stacks and admission policies, which others are judged against, are whole
   * from the start.
   */
  Resource stub(DeclaredFiles.Entry entry, ResourceStore.Summary row) {
    ResourceType type = ResourceType.ofTypeName(row.type()).orElse(ResourceType.KUBERNETES);
    Resource stub =
        Resource.stub(
            row.key(),
            type,
            row.version(),
            row.name(),
            row.workspace(),
            row.layer(),
            entry.path(),
            entry.line(),
            entry.verdict().parsedHash(),
            entry.files());
    return type.judgesOthers() ? realize(stub) : stub;
  }

  /** {@code resource} whole: a {@link #stub} restored from its spec, with the hash it has. */
  Resource realize(Resource resource) {
    return whole.of(resource);
  }

  /** A file's resources from their rows; empty when one does not restore as declared. */
  private Optional<ParsedFile> restore(
      String path, List<DeclaredFiles.Entry> entries, Map<String, RecordedResource> rows) {
    List<Resource> resources = new ArrayList<>();
    for (DeclaredFiles.Entry entry : entries) {
      RecordedResource row = rows.get(entry.key());
      Optional<Resource> restored =
          factory.restore(
              path,
              entry.line(),
              row.maskedJson(),
              entry.verdict() == null ? null : entry.verdict().parsedHash(),
              r -> secrets.apply(r.key().id()));
      if (restored.isEmpty() || !restored.get().key().id().equals(entry.key())) {
        return Optional.empty();
      }
      resources.add(restored.get());
    }
    return Optional.of(
        new ParsedFile(
            path,
            resources,
            List.of(),
            resources.isEmpty() ? ParsedFile.Content.PLAIN_YAML : ParsedFile.Content.MANIFESTS));
  }

  /**
   * What a load of {@code snapshot} declared, given the files it took as {@code known}, with what
   * was judged of each resource; null when it cannot be trusted next time (bundles: their members
   * are declared by more than one file). A known file is written again when the verdict of one of
   * its resources changed (a reference that resolves elsewhere now, a policy's new finding).
   */
  static DeclaredFiles.Update update(
      Snapshot snapshot,
      LoadResult loaded,
      Map<String, ParsedFile> known,
      Optional<DeclaredFiles.Declarations> before,
      Function<Resource, DeclaredFiles.Verdict> verdicts,
      String environment) {
    if (loaded.resources().stream().anyMatch(r -> r.type() == ResourceType.BUNDLE)) {
      return null;
    }
    Set<String> stale = new HashSet<>();
    if (!known.isEmpty()) {
      Map<String, DeclaredFiles.Entry> stored = before.map(d -> d.byKey()).orElse(Map.of());
      for (Resource resource : loaded.resources()) {
        DeclaredFiles.Entry entry = stored.get(resource.key().id());
        if (known.containsKey(resource.origin().file())
            && (entry == null || !verdicts.apply(resource).equals(entry.verdict()))) {
          stale.add(resource.origin().file());
        }
      }
    }
    Map<String, String> parsed = new HashMap<>();
    Set<String> present = new HashSet<>();
    for (SourceFile file : snapshot.files()) {
      present.add(file.path());
      if (!known.containsKey(file.path()) || stale.contains(file.path())) {
        parsed.put(file.path(), file.blobId());
      }
    }
    List<DeclaredFiles.Entry> entries = declaredIn(loaded.resources(), parsed.keySet(), verdicts);
    Set<String> gone = new HashSet<>();
    before.ifPresent(
        d -> d.blobs().keySet().stream().filter(p -> !present.contains(p)).forEach(gone::add));
    return new DeclaredFiles.Update(known.isEmpty(), parsed, entries, gone, environment);
  }

  /** What the files {@code paths} declare, resource by resource, with what was judged of each. */
  static List<DeclaredFiles.Entry> declaredIn(
      List<Resource> resources,
      Set<String> paths,
      Function<Resource, DeclaredFiles.Verdict> verdicts) {
    return resources.stream()
        .filter(r -> paths.contains(r.origin().file()))
        .map(
            r ->
                new DeclaredFiles.Entry(
                    r.key().id(),
                    r.origin().file(),
                    r.origin().line(),
                    r.files(),
                    verdicts.apply(r)))
        .toList();
  }

  /**
   * What a verdict says of each resource as loaded (its hash not yet covering what it uses): what
   * it needs and what the admission policies found.
   */
  static Function<Resource, DeclaredFiles.Verdict> verdicts(
      Map<ResourceKey, Set<ResourceKey>> needs,
      Map<ResourceKey, List<Problem>> warnings,
      Map<ResourceKey, List<Problem>> audits) {
    return resource -> {
      Set<String> ids = new HashSet<>();
      needs.getOrDefault(resource.key(), Set.of()).forEach(k -> ids.add(k.id()));
      return new DeclaredFiles.Verdict(
          resource.hash(),
          ids,
          warnings.getOrDefault(resource.key(), List.of()),
          audits.getOrDefault(resource.key(), List.of()));
    };
  }
}
