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
    return read(folder, include, exclude, RepoSpec.DEFAULT_MAX_FILE_BYTES);
  }

  /** The folder's files as a snapshot whose reader refuses files above {@code maxFileBytes}. */
  public static Snapshot read(
      Path folder, List<String> include, List<String> exclude, long maxFileBytes) {
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
              .map(rel -> new SourceFile(rel, blobId(ids, root.resolve(rel), maxFileBytes)))
              .sorted(SourceFile.GIT_ORDER) // (the order a commit of the same files lists)
              .toList();
      return new Snapshot(
          "", "", "", "", files, null, new DirectoryReader(root, maxFileBytes), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Git's blob id of the file; for a file too large to read, an id made from its path and size (its
   * content is never read, so it cannot be hashed).
   */
  private static String blobId(ObjectInserter.Formatter ids, Path file, long maxBytes) {
    long size = size(file);
    if (size > maxBytes) {
      return ids.idFor(Constants.OBJ_BLOB, (file + ":" + size).getBytes()).name();
    }
    return ids.idFor(Constants.OBJ_BLOB, bytes(file, maxBytes)).name();
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(Path file, long maxBytes) {
    long size = size(file);
    if (size > maxBytes) {
      throw new FileTooLargeException(size, maxBytes);
    }
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record DirectoryReader(Path root, long maxBytes) implements FileReader {
    @Override
    public byte[] read(SourceFile file) {
      return bytes(root.resolve(file.path()), maxBytes);
    }

    @Override
    public Optional<SourceFile> find(String path) {
      Path file = root.resolve(path).normalize();
      if (!file.startsWith(root) || !Files.isRegularFile(file)) {
        return Optional.empty();
      }
      return Optional.of(
          new SourceFile(path, blobId(new ObjectInserter.Formatter(), file, maxBytes)));
    }
  }
}
