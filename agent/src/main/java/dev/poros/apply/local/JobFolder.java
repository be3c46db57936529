package dev.poros.apply.local;

import dev.poros.render.RenderedJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job's folder on this machine, laid out as DataOS mounts a job's files: its config files in
 * {@code config/}, its secrets (when projected as files) in {@code secret/}, readable by this user
 * alone. The stack's mount paths in the command and environment are pointed at those folders.
 */
final class JobFolder {
  /** What to run: the command and environment with the mount paths pointed at the folder. */
  record Prepared(List<String> command, Map<String, String> environment) {}

  private final Path folder;

  JobFolder(Path folder) {
    this.folder = folder;
  }

  Path path() {
    return folder;
  }

  /** Writes the job's files into the folder and returns what to run. */
  Prepared prepare(RenderedJob job) {
    Path config = folder.resolve("config");
    Path secret = folder.resolve("secret");
    try {
      Files.createDirectories(config);
      for (Map.Entry<String, String> file : job.configFiles().entrySet()) {
        Files.writeString(config.resolve(Path.of(file.getKey()).getFileName()), file.getValue());
      }
      if (!job.secretFiles().isEmpty()) {
        Files.createDirectories(secret);
        restrict(secret, "rwx------");
        for (Map.Entry<String, String> file : job.secretFiles().entrySet()) {
          Path target = secret.resolve(Path.of(file.getKey()).getFileName());
          Files.deleteIfExists(target);
          Files.createFile(target);
          restrict(target, "rw-------");
          Files.writeString(target, file.getValue());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the files of job " + job.job(), e);
    }
    Map<String, String> environment = new LinkedHashMap<>();
    job.environment().forEach((k, v) -> environment.put(k, pointed(v, config, secret)));
    return new Prepared(
        job.command().stream().map(a -> pointed(a, config, secret)).toList(), environment);
  }

  /** Removes the secret files: a finished job needs them no more. */
  void forgetSecrets() {
    Path secret = folder.resolve("secret");
    if (!Files.isDirectory(secret)) {
      return;
    }
    try (var files = Files.list(secret)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(secret);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + secret, e);
    }
  }

  private static String pointed(String text, Path config, Path secret) {
    return text.replace(RenderedJob.CONFIG_MOUNT, config.toString())
        .replace(RenderedJob.SECRET_MOUNT, secret.toString());
  }

  /** Owner-only permissions, where the file system has POSIX permissions. */
  private static void restrict(Path path, String permissions) throws IOException {
    if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }
  }
}
