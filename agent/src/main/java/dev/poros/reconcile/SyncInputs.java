package dev.poros.reconcile;

import dev.poros.model.Hashes;
import dev.poros.source.RepoSpec;
import dev.poros.source.Snapshot;
import dev.poros.source.SourceFile;
import dev.poros.store.Generations;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a sync's plan depends on besides the recorded state: the commit, the files the spec selects
 * (its folder and globs, which select the same files of the same commit every time; the paths and
 * blobs themselves where there is no commit) and how they are read, the executor, the standing
 * admission policies, and this program (another build may judge the same files otherwise). With the
 * generations of the recorded state it is the fingerprint a clean sync records; a later sync with
 * the same fingerprint would plan nothing but unchanged. {@code environment}: all of it but the
 * commit and its files.
 */
record SyncInputs(String digest, String environment) {
  /** This build of Poros: where its code is and when that was written. */
  private static final String PROGRAM = programStamp();

  static SyncInputs of(RepoSpec spec, Snapshot snapshot, String executor, String policies) {
    String environment =
        executor + '\n' + policies + '\n' + PROGRAM + '\n' + spec.maxFileBytes() + '\n';
    StringBuilder text = new StringBuilder(snapshot.commit()).append('\n').append(environment);
    if (snapshot.commit().isEmpty()) {
      for (SourceFile file : snapshot.files()) {
        text.append(file.path()).append('\0').append(file.blobId()).append('\n');
      }
    } else {
      text.append(spec.selection());
    }
    return new SyncInputs(Hashes.sha256(text.toString()), environment);
  }

  /** The fingerprint of these inputs over the recorded state as {@code stamp} finds it. */
  String over(Generations.Stamp stamp) {
    return digest + ":" + stamp.own() + ":" + stamp.others();
  }

  /** Whether {@code fingerprint} was made over the recorded state as {@code stamp} finds it. */
  static boolean isOver(String fingerprint, Generations.Stamp stamp) {
    return fingerprint.endsWith(":" + stamp.own() + ":" + stamp.others());
  }

  private static String programStamp() {
    try {
      Path code =
          Path.of(SyncInputs.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return code + "@" + Files.getLastModifiedTime(code).toMillis();
    } catch (URISyntaxException | IOException | RuntimeException e) {
      // no way to tell builds apart: no sync is trusted to equal another's
      return "unknown@" + System.nanoTime();
    }
  }
}
