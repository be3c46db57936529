package dev.poros.load;

import dev.poros.source.FileReader;
import dev.poros.source.SourceFile;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Resolves a {@code file:} reference written in a manifest to a file of the same commit: relative
 * to the manifest's folder, or to the repository root when it starts with {@code /}. A path that
 * leaves the repository, or names no file, does not resolve.
 */
final class FileReferences {
  private static final Path ROOT = Path.of("/repository");

  private final FileReader reader;

  FileReferences(FileReader reader) {
    this.reader = reader;
  }

  /** A resolved reference, or why it does not resolve. */
  record Resolved(SourceFile file, String problem) {
    boolean ok() {
      return file != null;
    }
  }

  byte[] read(SourceFile file) {
    return reader.read(file);
  }

  Resolved resolve(String manifestPath, String reference) {
    Path folder = Path.of(manifestPath).getParent();
    Path base = reference.startsWith("/") || folder == null ? ROOT : ROOT.resolve(folder);
    Path target = base.resolve(reference.replaceFirst("^/+", "")).normalize();
    if (!target.startsWith(ROOT) || target.equals(ROOT)) {
      return new Resolved(null, "'" + reference + "' leaves the repository");
    }
    String path = ROOT.relativize(target).toString().replace('\\', '/');
    Optional<SourceFile> file = reader.find(path);
    return file.map(f -> new Resolved(f, null))
        .orElseGet(
            () ->
                new Resolved(
                    null,
                    "'" + reference + "' does not exist in this commit (looked for " + path + ")"));
  }
}
