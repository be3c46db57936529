package dev.poros.model;

import java.util.Optional;

/**
 * A process as it is recorded, told apart from a later one that happens to get its pid: the pid and
 * the instant it started.
 */
public record ProcessStamp(long pid, String started) {
  public static ProcessStamp of(ProcessHandle process) {
    return new ProcessStamp(process.pid(), startOf(process));
  }

  /** When {@code process} started, as recorded; empty where the system does not say. */
  public static String startOf(ProcessHandle process) {
    return process.info().startInstant().map(Object::toString).orElse("");
  }

  /** The process, while it still runs: same pid, same start. */
  public Optional<ProcessHandle> running() {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(h -> startOf(h).equals(started));
  }
}
