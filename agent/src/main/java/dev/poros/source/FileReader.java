package dev.poros.source;

import java.util.Optional;

/** Reads the content of files of one snapshot. */
public interface FileReader {
  byte[] read(SourceFile file);

  /** The file at {@code path} (from the repository root) in the same snapshot, if there is one. */
  Optional<SourceFile> find(String path);
}
