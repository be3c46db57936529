package dev.poros.source;

/**
 * A commit the repository's {@link CommitTrust} refuses: unsigned, badly signed, or signed by a key
 * that is not trusted for its committer. Nothing of it is applied.
 */
public final class UnverifiedCommitException extends SourceException {
  public UnverifiedCommitException(String message) {
    super(message);
  }
}
