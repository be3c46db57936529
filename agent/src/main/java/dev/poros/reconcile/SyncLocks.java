package dev.poros.reconcile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One sync per repository at a time, within this process (a lock per repository) and across
 * processes sharing the data directory (a file lock), so a CLI sync waits for the agent's.
 */
final class SyncLocks {
  private final Path dir;
  private final Map<String, ReentrantLock> local = new ConcurrentHashMap<>();

  SyncLocks(Path dir) {
    this.dir = dir;
  }

  /** Held until closed. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }

  Held acquire(String name) {
    ReentrantLock lock = local.computeIfAbsent(name, n -> new ReentrantLock());
    lock.lock();
    try {
      Files.createDirectories(dir);
      FileChannel channel =
          FileChannel.open(
              dir.resolve(name + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock fileLock = channel.lock();
      return () -> {
        try {
          fileLock.release();
          channel.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          lock.unlock();
        }
      };
    } catch (IOException | RuntimeException e) {
      lock.unlock();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }
}
