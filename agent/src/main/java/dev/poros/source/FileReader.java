package dev.poros.source;

import java.util.Optional;

/** Reads the content of files of one snapshot. */
public interface FileReader {
  /**
   * The file's content; a {@link FileTooLargeException} when it is bigger than its repository
   * allows ({@link RepoSpec#maxFileBytes()}), found before the content is read.
   */
  byte[] read(SourceFile file);

  /** The file at {@code path} (from the repository root) in the same snapshot, if there is one. */
  Optional<SourceFile> find(String path);
}
