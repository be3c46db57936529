package dev.poros.apply.local;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A log that does not grow without bound: past {@code cap} bytes it is moved to {@code NAME.1} (the
 * part before that is dropped) and a new one starts with a line saying so — so a job that prints
 * gigabytes costs at most twice the cap on disk.
 */
final class CappedLog implements AutoCloseable {
  /** The cap a log is rotated at: 10 MiB. */
  static final long CAP = 10L * 1024 * 1024;

  private final Path log;
  private final long cap;
  private BufferedWriter out;
  private long size;

  CappedLog(Path log, long cap) throws IOException {
    this.log = log;
    this.cap = cap;
    PrivateFiles.log(log);
    this.size = Files.size(log);
    this.out = open();
  }

  /** Appends {@code line} (and a line end), rotating first when the cap is passed. */
  void line(String line) throws IOException {
    if (size >= cap) {
      rotate();
    }
    out.write(line);
    out.newLine();
    out.flush();
    size += line.getBytes(StandardCharsets.UTF_8).length + 1;
  }

  private void rotate() throws IOException {
    out.close();
    Path older = log.resolveSibling(log.getFileName() + ".1");
    Files.move(log, older, StandardCopyOption.REPLACE_EXISTING);
    PrivateFiles.log(log);
    size = 0;
    out = open();
    line(marker(log, cap));
  }

  /** The first line of a log that was rotated at {@code cap}: where its previous part went. */
  static String marker(Path log, long cap) {
    String size =
        cap % (1024 * 1024) == 0
            ? cap / (1024 * 1024) + " MiB"
            : cap % 1024 == 0 ? cap / 1024 + " KiB" : cap + " bytes";
    return "poros: this log passed "
        + size
        + ": its previous part is in "
        + log.getFileName()
        + ".1, earlier ones were dropped";
  }

  private BufferedWriter open() throws IOException {
    return Files.newBufferedWriter(
        log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
