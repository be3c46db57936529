package dev.poros.apply.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a supervised process whose output must reach its log with secret values masked, while the
 * process still outlives the agent: the process and an {@code awk} of its own are started as one
 * pipeline (the pipe joins them, not the agent), and the awk masks every value — longest first, as
 * literal text — before appending to the log, which it rotates past the cap as {@link CappedLog}
 * does. The values reach the awk in its environment, as they reach the process itself. Without awk
 * on the machine the output goes to the log as printed, and the log says so.
 */
final class MaskedOutput {
  /**
   * Masks each line of its input with the values of {@code POROS_MASK}, one a line, and appends it
   * to {@code POROS_LOG}; past {@code POROS_LOG_CAP} bytes the log moves to {@code .1} and a new
   * one (owner-only, as the shell's umask makes it) starts with {@code POROS_LOG_MARKER}.
   */
  private static final String PROGRAM =
      """
      BEGIN {
        n = split(ENVIRON["POROS_MASK"], secret, "\\n")
        out = ENVIRON["POROS_LOG"]; cap = ENVIRON["POROS_LOG_CAP"] + 0
        size = ENVIRON["POROS_LOG_SIZE"] + 0
      }
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
        if (size >= cap) {
          close(out)
          system("umask 077; mv -f \\"$POROS_LOG\\" \\"$POROS_LOG.1\\"; : > \\"$POROS_LOG\\"")
          print ENVIRON["POROS_LOG_MARKER"] >> out
          size = length(ENVIRON["POROS_LOG_MARKER"]) + 1
        }
        print line >> out
        fflush(out)
        size += length(line) + 1
      }
      """;

  private final Programs programs;
  private final Redactor redactor;
  private final long cap;

  /** {@code cap}: the size in bytes a log is rotated at. */
  MaskedOutput(Programs programs, Redactor redactor, long cap) {
    this.programs = programs;
    this.redactor = redactor;
    this.cap = cap;
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
    Map<String, String> environment = masker.environment();
    environment.put("POROS_MASK", String.join("\n", values()));
    environment.put("POROS_LOG", log.toAbsolutePath().toString());
    environment.put("POROS_LOG_CAP", Long.toString(cap));
    environment.put("POROS_LOG_SIZE", Long.toString(Files.size(log)));
    environment.put("POROS_LOG_MARKER", CappedLog.marker(log, cap));
    process.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE);
    return ProcessBuilder.startPipeline(List.of(process, masker)).get(0);
  }

  /** The values that fit on a line (awk reads a line at a time): each line of a longer one. */
  private List<String> values() {
    return redactor.values().stream().filter(value -> !value.contains("\n")).toList();
  }
}
