package dev.poros.apply.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reading logs without holding them: a log may be far larger than the agent's memory, so it is read
 * a block at a time — its last lines from the end backwards, or its lines from a byte offset
 * forwards, up to a byte budget — never whole.
 */
public final class LogFiles {
  private static final int BLOCK = 64 * 1024;

  private LogFiles() {}

  /** What a log's reader holds at most at once. */
  public static final long CHUNK = 1024 * 1024;

  /** A piece of a log: its text, and the offset where the next read goes on. */
  public record Piece(String text, long next) {}

  /**
   * The last {@code lines} lines of {@code log}, at most {@code maxBytes} of them (whole lines);
   * empty when there is no log.
   */
  public static Piece tail(Path log, int lines, long maxBytes) throws IOException {
    if (!Files.exists(log)) {
      return new Piece("", 0);
    }
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long end = file.length();
      long limit = Math.max(0, end - maxBytes);
      long start = -1;
      long position = end;
      int newlines = 0;
      byte[] block = new byte[BLOCK];
      search:
      while (position > limit) {
        int size = (int) Math.min(BLOCK, position - limit);
        position -= size;
        file.seek(position);
        file.readFully(block, 0, size);
        for (int i = size - 1; i >= 0; i--) {
          long at = position + i;
          // the newline that ends the last line does not start another
          if (block[i] == '\n' && at != end - 1 && ++newlines == lines) {
            start = at + 1;
            break search;
          }
        }
      }
      if (start < 0) {
        start = limit == 0 ? 0 : nextLine(file, limit, end);
      }
      byte[] bytes = new byte[(int) (end - start)];
      file.seek(start);
      file.readFully(bytes);
      return new Piece(new String(bytes, StandardCharsets.UTF_8), end);
    }
  }

  /** Where the first whole line at or after {@code from} starts ({@code end} if none does). */
  private static long nextLine(RandomAccessFile file, long from, long end) throws IOException {
    file.seek(from - 1);
    long position = from - 1;
    int b;
    while (position < end && (b = file.read()) != -1) {
      position++;
      if (b == '\n') {
        return position;
      }
    }
    return end;
  }

  /**
   * Gives {@code line} each line of {@code log} from byte {@code from}, at most {@code maxBytes} of
   * them — whole lines only, unless {@code partialToo} (a log whose writer is gone: its last line
   * has no end to wait for); returns where to go on.
   */
  public static long lines(
      Path log, long from, long maxBytes, boolean partialToo, Consumer<String> line)
      throws IOException {
    if (!Files.exists(log)) {
      return from;
    }
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long end = Math.min(file.length(), from + maxBytes);
      long position = from;
      byte[] block = new byte[BLOCK];
      ByteArrayOutputStream current = new ByteArrayOutputStream();
      long lineStart = position;
      file.seek(position);
      while (position < end) {
        int size = file.read(block, 0, (int) Math.min(BLOCK, end - position));
        if (size <= 0) {
          break;
        }
        for (int i = 0; i < size; i++) {
          if (block[i] == '\n') {
            line.accept(current.toString(StandardCharsets.UTF_8));
            current.reset();
            lineStart = position + i + 1;
          } else {
            current.write(block[i]);
          }
        }
        position += size;
      }
      if (partialToo && current.size() > 0 && position >= file.length()) {
        line.accept(current.toString(StandardCharsets.UTF_8));
        return position;
      }
      return lineStart;
    }
  }
}
