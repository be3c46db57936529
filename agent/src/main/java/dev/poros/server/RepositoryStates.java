package dev.poros.server;

import dev.poros.schedule.Agent;
import dev.poros.schedule.FetchBackoff;
import dev.poros.schedule.WatchedRepository;
import dev.poros.store.RepositoryRecord;
import dev.poros.store.Stores;
import dev.poros.store.SyncRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The repositories an agent watches, joined with what the Poros DB records of them. */
final class RepositoryStates {
  /**
   * One watched repository: the branch it follows, its last synced commit's sync, its newest sync,
   * its failed-fetch state and whether a sync runs or is owed.
   */
  record State(
      WatchedRepository watched,
      String branch,
      Optional<SyncRecord> lastSynced,
      Optional<SyncRecord> latest,
      Optional<FetchBackoff> backoff,
      boolean syncing,
      Optional<String> statusError) {}

  private final Agent agent;
  private final Stores stores;
  private final Function<String, Optional<String>> statusErrors;

  /** {@code statusErrors}: a repository's last error posting commit statuses, if any. */
  RepositoryStates(Agent agent, Stores stores, Function<String, Optional<String>> statusErrors) {
    this.agent = agent;
    this.stores = stores;
    this.statusErrors = statusErrors;
  }

  List<State> all() {
    return agent.repositories().stream()
        .map(
            watched -> {
              Optional<RepositoryRecord> record = record(watched);
              return new State(
                  watched,
                  agent.branchOf(watched.name()),
                  record.flatMap(r -> stores.syncs().lastSynced(r.id())),
                  record.flatMap(r -> stores.syncs().latest(r.id())),
                  agent.backoff(watched.name()),
                  agent.busyFor(watched.name()),
                  statusErrors.apply(watched.name()));
            })
        .toList();
  }

  /** The watched repositories' names by their ids in the Poros DB. */
  Map<Long, String> namesById() {
    Map<Long, String> names = new HashMap<>();
    for (WatchedRepository watched : agent.repositories()) {
      record(watched).ifPresent(r -> names.put(r.id(), watched.name()));
    }
    return names;
  }

  /** The DB's row for a watched repository, keyed as the reconciler keys it. */
  private Optional<RepositoryRecord> record(WatchedRepository watched) {
    return watched.row(stores.repositories());
  }
}
