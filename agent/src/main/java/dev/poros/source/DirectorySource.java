package dev.poros.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectInserter;

/**
 * A folder on disk read as if it were a commit, for offline {@code validate}: files get the blob
 * ids Git would give them, so parsing and caching behave as for a real snapshot.
 */
public final class DirectorySource {
  private DirectorySource() {}

  public static Snapshot read(Path folder, List<String> include, List<String> exclude) {
    Path root = folder.toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw new SourceException("folder " + root + " does not exist");
    }
    Globs globs = new Globs(include.isEmpty() ? RepoSpec.DEFAULT_INCLUDE : include, exclude);
    ObjectInserter.Formatter ids = new ObjectInserter.Formatter();
    try (Stream<Path> walk = Files.walk(root)) {
      List<SourceFile> files =
          walk.filter(Files::isRegularFile)
              .map(p -> root.relativize(p).toString().replace('\\', '/'))
              .filter(globs::selects)
              .sorted()
              .map(
                  rel ->
                      new SourceFile(
                          rel, ids.idFor(Constants.OBJ_BLOB, bytes(root.resolve(rel))).name()))
              .toList();
      return new Snapshot("", "", "", "", files, null, new DirectoryReader(root));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record DirectoryReader(Path root) implements FileReader {
    @Override
    public byte[] read(SourceFile file) {
      return bytes(root.resolve(file.path()));
    }

    @Override
    public Optional<SourceFile> find(String path) {
      Path file = root.resolve(path).normalize();
      if (!file.startsWith(root) || !Files.isRegularFile(file)) {
        return Optional.empty();
      }
      return Optional.of(
          new SourceFile(
              path, new ObjectInserter.Formatter().idFor(Constants.OBJ_BLOB, bytes(file)).name()));
    }
  }
}
