package dev.poros.cli;

import picocli.CommandLine.Option;

/** {@code -o}: how a command prints its result. */
final class OutputOptions {
  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      description = "table (text), json or yaml.")
  String output;

  Format format() {
    return Format.parse(output);
  }
}
