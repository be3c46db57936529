package dev.poros.apply.local;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Logs are the agent's user's alone: what a process prints may hold what masking could not know to
 * hide. A log is made {@code 0600} in a folder made {@code 0700} before anything writes to it (a
 * redirect would otherwise create it as the umask says).
 */
final class PrivateFiles {
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> FOLDER =
      PosixFilePermissions.fromString("rwx------");

  private PrivateFiles() {}

  /** Makes {@code log} (and the folders up to it that are missing) private, when it is not yet. */
  static void log(Path log) throws IOException {
    folder(log.getParent());
    if (!Files.exists(log)) {
      try {
        Files.createFile(log, attribute(FILE));
      } catch (FileAlreadyExistsException raced) {
        // another writer made it first, the same way
      } catch (UnsupportedOperationException notPosix) {
        Files.createFile(log);
      }
    }
  }

  /** Makes {@code folder} and the missing ones above it, each {@code 0700}. */
  static void folder(Path folder) throws IOException {
    try {
      Files.createDirectories(folder, attribute(FOLDER));
    } catch (UnsupportedOperationException notPosix) {
      Files.createDirectories(folder);
    }
  }

  private static FileAttribute<Set<PosixFilePermission>> attribute(
      Set<PosixFilePermission> permissions) {
    return PosixFilePermissions.asFileAttribute(permissions);
  }
}
