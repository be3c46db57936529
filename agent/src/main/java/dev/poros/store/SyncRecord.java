package dev.poros.store;

import java.time.Duration;
import java.time.Instant;

/**
 * One sync as recorded: what started it, at which commit (id, branch, subject line, author), and
 * how it ended; what its judgement noted without failing anything (warnings, audit findings).
 */
public record SyncRecord(
    long id,
    long repositoryId,
    String commit,
    String branch,
    String commitMessage,
    String commitAuthor,
    String trigger,
    Instant startedAt,
    Instant finishedAt,
    String outcome,
    int created,
    int updated,
    int deleted,
    int unchanged,
    int failed,
    Integer filesChanged,
    String message,
    SyncNotes warnings,
    SyncNotes audits) {

  /** The sync's duration, or null while it runs (or if it never finished). */
  public Duration duration() {
    return finishedAt == null ? null : Duration.between(startedAt, finishedAt);
  }
}
