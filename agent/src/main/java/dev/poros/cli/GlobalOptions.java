package dev.poros.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command takes. */
final class GlobalOptions {
  @Option(
      names = "--data-dir",
      defaultValue = "${env:POROS_DATA_DIR:-.poros}",
      description =
          "Where the Poros DB, secret key, mirrors and logs live (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--log-format",
      defaultValue = "text",
      description = "Logs on stderr as text or json (default: ${DEFAULT-VALUE}).")
  void logFormat(String format) {
    LogFormat.apply(format);
  }
}
