package dev.poros.status;

/**
 * One status to post on a commit: its state, its context (what it is about, {@code
 * poros/platform}), a description of at most {@link #MAX_DESCRIPTION} characters (cut with an
 * ellipsis), and the page it links to ({@code ""}: none).
 */
public record CommitStatus(
    String commit, StatusState state, String context, String description, String targetUrl) {
  public static final int MAX_DESCRIPTION = 140;

  public CommitStatus {
    description = description.strip();
    if (description.length() > MAX_DESCRIPTION) {
      description = description.substring(0, MAX_DESCRIPTION - 1) + "…";
    }
    targetUrl = targetUrl == null ? "" : targetUrl;
  }
}
