package dev.poros.apply.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where a supervised process writes its output so that secret values reach its log masked, while
 * the process still outlives the agent: into a FIFO that an {@code awk} process of its own reads,
 * masking every value (longest first, as literal text) before appending to the log. Neither hangs
 * on the agent; the awk ends when the process closes its output. Without awk on the machine the
 * output goes to the log as printed, and the log says so.
 */
final class MaskedOutput {
  /** Reads the values (one a line, after a header line) and then the output, masking as it goes. */
  private static final String PROGRAM =
      """
      FILENAME == ARGV[1] { if (FNR > 1) secret[++n] = $0; next }
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

  /**
   * Prepares {@code folder} for a new process whose output should end in {@code log}; returns the
   * path to send that output to. The caller starts the process, then calls {@link #started(Path)}.
   */
  Path open(Path folder, Path log) throws IOException {
    String awk = programs.exists("mawk") ? "mawk" : programs.exists("awk") ? "awk" : null;
    if (awk == null || !programs.exists("mkfifo")) {
      JobProcess.append(log, "poros: no awk or mkfifo here: this output is not masked");
      return log;
    }
    Path fifo = folder.resolve("output.fifo");
    Path values = folder.resolve("mask-values");
    Files.deleteIfExists(fifo);
    run(List.of("mkfifo", "-m", "600", fifo.toString()));
    Files.deleteIfExists(values);
    Files.createFile(values);
    if (Files.getFileStore(values).supportsFileAttributeView("posix")) {
      Files.setPosixFilePermissions(values, PosixFilePermissions.fromString("rw-------"));
    }
    List<String> lines = new ArrayList<>(List.of("# poros: values to mask"));
    // awk reads a line at a time: a value of several lines is masked line by line
    redactor.values().stream()
        .flatMap(String::lines)
        .filter(line -> line.length() >= Redactor.SHORTEST)
        .distinct()
        .sorted(Comparator.comparingInt(String::length).reversed())
        .forEach(lines::add);
    Files.write(values, lines);
    List<String> command = new ArrayList<>(List.of(awk));
    if (awk.equals("mawk")) {
      command.addAll(List.of("-W", "interactive")); // line by line, not block by block
    }
    command.addAll(List.of(PROGRAM, values.toString(), fifo.toString()));
    new ProcessBuilder(command)
        .directory(folder.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    return fifo;
  }

  /** The process writes into the FIFO, so awk has read the values before: they go from the disk. */
  void started(Path folder) throws IOException {
    Files.deleteIfExists(folder.resolve("mask-values"));
  }

  private static void run(List<String> command) throws IOException {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (process.waitFor() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + output.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while running " + command.get(0), e);
    }
  }
}
