package dev.poros.status;

import java.util.List;

/**
 * The pull (merge) requests of one repository on its forge: which are open, where a request's head
 * is fetched from, and Poros's one comment on a request.
 */
public interface PullRequests {
  /** The forge's name, for messages: {@code gitea}, {@code github}, {@code gitlab}. */
  String provider();

  /** Every open pull request, whatever branch it targets. */
  List<PullRequest> open() throws StatusException;

  /** The ref the forge keeps pull request {@code number}'s head under. */
  String headRef(long number);

  /**
   * Writes {@code body} (which starts with {@code marker}) as Poros's comment on pull request
   * {@code number}, edited in place when the marker finds it; returns the comment's id.
   */
  long comment(long number, String marker, String body) throws StatusException;
}
