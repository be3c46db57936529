package dev.poros.schedule;

import dev.poros.status.PullRequest;

/** What a pull request webhook asks of the previews: preview a head, or close a preview. */
public interface PreviewRequests {
  PreviewRequests NONE =
      new PreviewRequests() {
        @Override
        public boolean previews(String repository) {
          return false;
        }

        @Override
        public void preview(String repository, PullRequest pull) {}

        @Override
        public void closed(String repository, long number) {}
      };

  /** Whether {@code repository}'s pull requests are previewed (its forge is known). */
  boolean previews(String repository);

  /** Previews {@code pull}'s head soon, unless that head was previewed already; returns at once. */
  void preview(String repository, PullRequest pull);

  /** Marks pull request {@code number}'s preview closed; returns at once. */
  void closed(String repository, long number);
}
