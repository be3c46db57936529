package dev.poros.status;

/** Posts commit statuses to one repository of one forge (or wherever its provider keeps them). */
public interface StatusPublisher {
  /** The provider's name, for metrics and messages: {@code gitea}, {@code github}, … */
  String provider();

  /** Posts {@code status} once; a {@link StatusException} says whether trying again may help. */
  void publish(CommitStatus status) throws StatusException;
}
