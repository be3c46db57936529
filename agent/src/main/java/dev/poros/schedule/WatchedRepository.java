package dev.poros.schedule;

import dev.poros.source.RepoLocation;
import dev.poros.source.RepoSpec;
import java.time.Duration;

/**
 * A repository the agent keeps in sync: what to read, how often to poll it, and the executor that
 * applies it.
 */
public record WatchedRepository(String name, RepoSpec spec, Duration interval, String executor) {
  /** Where the repository is, as the Poros DB records it (a local path made absolute). */
  public RepoLocation location() {
    return RepoLocation.parse(spec.url());
  }
}
