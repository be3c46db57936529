package dev.poros.reconcile;

import dev.poros.load.LoadResult;
import dev.poros.load.ParsedFile;
import dev.poros.load.ResourceFactory;
import dev.poros.model.RecordedResource;
import dev.poros.model.Resource;
import dev.poros.model.ResourceType;
import dev.poros.model.SecretData;
import dev.poros.model.Status;
import dev.poros.source.Snapshot;
import dev.poros.source.SourceFile;
import dev.poros.store.DeclaredFiles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The files of a commit that need no parsing: those a settled sync declared and that have not
 * changed since (nor has any file their resources read), their resources restored from the rows
 * that sync left; and, after a load, what it declared, for the next sync to trust in turn.
 */
final class KnownFiles {
  private final ResourceFactory factory;
  private final Function<String, SecretData> secrets;

  /** {@code secrets}: the stored secret values of a resource, by key. */
  KnownFiles(ResourceFactory factory, Function<String, SecretData> secrets) {
    this.factory = factory;
    this.secrets = secrets;
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
      if (!trusted(entries, rows, snapshot)) {
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
  private static boolean trusted(
      List<DeclaredFiles.Entry> entries, Map<String, RecordedResource> rows, Snapshot snapshot) {
    for (DeclaredFiles.Entry entry : entries) {
      RecordedResource row = rows.get(entry.key());
      if (row == null || row.status() == Status.DELETED || row.hash().isEmpty()) {
        return false;
      }
      for (Map.Entry<String, String> read : entry.files().entrySet()) {
        Optional<String> now = snapshot.reader().find(read.getKey()).map(SourceFile::blobId);
        if (!now.equals(Optional.of(read.getValue()))) {
          return false;
        }
      }
    }
    return true;
  }

  /** A file's resources from their rows; empty when one does not restore as declared. */
  private Optional<ParsedFile> restore(
      String path, List<DeclaredFiles.Entry> entries, Map<String, RecordedResource> rows) {
    List<Resource> resources = new ArrayList<>();
    for (DeclaredFiles.Entry entry : entries) {
      RecordedResource row = rows.get(entry.key());
      Optional<Resource> restored =
          factory.restore(path, entry.line(), row.maskedJson(), r -> secrets.apply(r.key().id()));
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
   * What a load of {@code snapshot} declared, given the files it took as {@code known}; null when
   * it cannot be trusted next time (bundles: their members are declared by more than one file).
   */
  static DeclaredFiles.Update update(
      Snapshot snapshot,
      LoadResult loaded,
      Map<String, ParsedFile> known,
      Optional<DeclaredFiles.Declarations> before) {
    if (loaded.resources().stream().anyMatch(r -> r.type() == ResourceType.BUNDLE)) {
      return null;
    }
    Map<String, String> parsed = new HashMap<>();
    Set<String> present = new HashSet<>();
    for (SourceFile file : snapshot.files()) {
      present.add(file.path());
      if (!known.containsKey(file.path())) {
        parsed.put(file.path(), file.blobId());
      }
    }
    List<DeclaredFiles.Entry> entries = declaredIn(loaded, parsed.keySet());
    Set<String> gone = new HashSet<>();
    before.ifPresent(
        d -> d.blobs().keySet().stream().filter(p -> !present.contains(p)).forEach(gone::add));
    return new DeclaredFiles.Update(known.isEmpty(), parsed, entries, gone);
  }

  /** What the files {@code paths} declare, resource by resource. */
  static List<DeclaredFiles.Entry> declaredIn(LoadResult loaded, Set<String> paths) {
    return loaded.resources().stream()
        .filter(r -> paths.contains(r.origin().file()))
        .map(
            r ->
                new DeclaredFiles.Entry(
                    r.key().id(), r.origin().file(), r.origin().line(), r.files()))
        .toList();
  }
}
