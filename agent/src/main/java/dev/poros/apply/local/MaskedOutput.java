package dev.poros.apply.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a supervised process whose output must reach its log with secret values masked, while the
 * process still outlives the agent: the process and an {@code awk} of its own are started as one
 * pipeline (the pipe joins them, not the agent), and the awk masks every value — longest first, as
 * literal text — before appending to the log. The values reach the awk in its environment, as they
 * reach the process itself. Without awk on the machine the output goes to the log as printed, and
 * the log says so.
 */
final class MaskedOutput {
  /** Masks each line of its input with the values of {@code POROS_MASK}, one a line. */
  private static final String PROGRAM =
      """
      BEGIN { n = split(ENVIRON["POROS_MASK"], secret, "\\n") }
      {
        line = $0
        for (i = 1; i <= n; i++) {
          masked = ""
          while ((at = index(line, secret[i])) > 0) {
            masked = masked substr(line, 1, at - 1) "***"
            line = substr(line, at + length(secret[i]))
          }
          line = masked line
        }
        print line
        fflush()
      }
      """;

  private final Programs programs;
  private final Redactor redactor;

  MaskedOutput(Programs programs, Redactor redactor) {
    this.programs = programs;
    this.redactor = redactor;
  }

  /** Starts {@code process} with its output (and errors) masked into {@code log}. */
  Process start(ProcessBuilder process, Path log) throws IOException {
    ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(log.toFile());
    String awk = programs.exists("mawk") ? "mawk" : programs.exists("awk") ? "awk" : null;
    if (awk == null) {
      JobProcess.append(log, "poros: no awk here: this output is not masked");
      return process.redirectErrorStream(true).redirectOutput(toLog).start();
    }
    List<String> command = new ArrayList<>(List.of(awk));
    if (awk.equals("mawk")) {
      command.addAll(List.of("-W", "interactive")); // line by line, not block by block
    }
    command.add(PROGRAM);
    ProcessBuilder masker =
        new ProcessBuilder(command).directory(process.directory()).redirectOutput(toLog);
    masker.redirectError(toLog);
    masker.environment().put("POROS_MASK", String.join("\n", values()));
    process.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE);
    return ProcessBuilder.startPipeline(List.of(process, masker)).get(0);
  }

  /** The values that fit on a line (awk reads a line at a time): each line of a longer one. */
  private List<String> values() {
    return redactor.values().stream().filter(value -> !value.contains("\n")).toList();
  }
}
