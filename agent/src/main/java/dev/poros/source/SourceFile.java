package dev.poros.source;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/** One file of a snapshot: its path from the repository root and the id of its Git blob. */
public record SourceFile(String path, String blobId) {
  /**
   * Git's order of paths in a recursive walk, the order of a snapshot's files: their UTF-8 bytes,
   * unsigned (a folder sorts as its name and '/'; Java's UTF-16 order differs beyond U+FFFF).
   */
  public static final Comparator<SourceFile> GIT_ORDER =
      (a, b) ->
          Arrays.compareUnsigned(
              a.path().getBytes(StandardCharsets.UTF_8), b.path().getBytes(StandardCharsets.UTF_8));
}
