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
}
