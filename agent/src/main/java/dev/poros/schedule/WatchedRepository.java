package dev.poros.schedule;

import dev.poros.apply.kubernetes.ClusterTarget;
import dev.poros.source.RepoLocation;
import dev.poros.source.RepoSpec;
import dev.poros.status.StatusSettings;
import dev.poros.store.RepositoryRecord;
import dev.poros.store.RepositoryStore;
import java.time.Duration;
import java.util.Optional;

/**
 * A repository the agent keeps in sync: what to read, how often to poll it, the executor that
 * applies it (and for Kubernetes where: null, the agent's cluster and namespace), and whether what
 * drifts on the cluster is applied again at once ({@code selfHeal}) or only reported, and where its
 * commit statuses go ({@code status}: null, nowhere).
 */
public record WatchedRepository(
    String name,
    RepoSpec spec,
    Duration interval,
    String executor,
    ClusterTarget cluster,
    boolean selfHeal,
    StatusSettings status) {

  public WatchedRepository(String name, RepoSpec spec, Duration interval, String executor) {
    this(name, spec, interval, executor, null, true, null);
  }

  public WatchedRepository(
      String name, RepoSpec spec, Duration interval, String executor, boolean selfHeal) {
    this(name, spec, interval, executor, null, selfHeal, null);
  }

  public WatchedRepository(
      String name,
      RepoSpec spec,
      Duration interval,
      String executor,
      ClusterTarget cluster,
      boolean selfHeal) {
    this(name, spec, interval, executor, cluster, selfHeal, null);
  }

  /** This repository with its commit statuses posted as {@code status} says (null: none). */
  public WatchedRepository withStatus(StatusSettings status) {
    return new WatchedRepository(name, spec, interval, executor, cluster, selfHeal, status);
  }

  /** Where the repository is, as the Poros DB records it (a local path made absolute). */
  public RepoLocation location() {
    return RepoLocation.parse(spec.url());
  }

  /** The Poros DB's row for this repository, keyed as the reconciler keys it. */
  public Optional<RepositoryRecord> row(RepositoryStore store) {
    return store.find(location().url(), spec.branch() == null ? "" : spec.branch(), spec.path());
  }
}
