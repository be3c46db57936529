package dev.poros.store;

import java.time.Instant;
import java.util.List;

/**
 * A pull request's latest preview: the head commit planned, whether the request is still open, the
 * verdict ({@code success}, {@code failure}, or {@code error} when it could not be computed), what
 * merging would do, every problem as {@code file:line: field: message}, each changed resource's
 * diff (secrets masked), the error that kept the preview or its comment from the forge (empty:
 * none), and the forge's id of Poros's comment (null: not posted yet).
 */
public record PreviewRecord(
    String repository,
    long number,
    String headSha,
    String baseBranch,
    String state,
    String verdict,
    Counts counts,
    List<String> problems,
    List<String> warnings,
    List<Change> changes,
    String error,
    Long commentId,
    Instant previewedAt) {
  public static final String OPEN = "open";
  public static final String CLOSED = "closed";

  public PreviewRecord {
    problems = List.copyOf(problems);
    warnings = List.copyOf(warnings);
    changes = List.copyOf(changes);
  }

  /** What merging would do, by kind of change. */
  public record Counts(int create, int update, int delete, int unchanged, int invalid) {
    public static final Counts NONE = new Counts(0, 0, 0, 0, 0);
  }

  /** One resource merging would change: its id, the action, and its diff (secrets masked). */
  public record Change(String id, String action, String diff) {}

  public boolean open() {
    return state.equals(OPEN);
  }

  public PreviewRecord closed() {
    return new PreviewRecord(
        repository,
        number,
        headSha,
        baseBranch,
        CLOSED,
        verdict,
        counts,
        problems,
        warnings,
        changes,
        error,
        commentId,
        previewedAt);
  }

  public PreviewRecord withComment(Long id, String postingError) {
    return new PreviewRecord(
        repository,
        number,
        headSha,
        baseBranch,
        state,
        verdict,
        counts,
        problems,
        warnings,
        changes,
        postingError,
        id,
        previewedAt);
  }
}
