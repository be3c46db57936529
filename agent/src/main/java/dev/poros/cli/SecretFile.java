package dev.poros.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A secret given on the command line as a file holding it (never as the value itself). */
final class SecretFile {
  private SecretFile() {}

  /** The file's content without surrounding blanks; null for no file. */
  static String read(Path file, String option) {
    if (file == null) {
      return null;
    }
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new UsageException(option + ": cannot read " + file + ": " + e.getMessage());
    }
  }
}
