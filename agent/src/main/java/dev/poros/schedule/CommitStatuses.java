package dev.poros.schedule;

import dev.poros.model.Action;
import dev.poros.model.Problem;
import dev.poros.plan.PlanAction;
import dev.poros.reconcile.SyncObserver;
import dev.poros.reconcile.SyncResult;
import dev.poros.source.Snapshot;
import dev.poros.status.CommitStatus;
import dev.poros.status.StatusDeliveries;
import dev.poros.status.StatusPublisher;
import dev.poros.status.StatusState;
import java.util.ArrayList;
import java.util.List;

/**
 * A repository's syncs as commit statuses on the synced commit, under one context: {@code pending}
 * when a sync starts, then {@code success} (everything applied), {@code failure} (counts and the
 * first problem) or {@code error} (the sync could not run, and why). The link is the sync's page on
 * the dashboard when the agent knows its public address.
 */
public final class CommitStatuses implements SyncObserver {
  private final String repository;
  private final String context;
  private final StatusPublisher publisher;
  private final StatusDeliveries deliveries;
  private final String externalUrl;

  /**
   * @param externalUrl the dashboard's public base ({@code https://poros.example.com}); empty: no
   *     link is sent
   */
  public CommitStatuses(
      String repository,
      String context,
      StatusPublisher publisher,
      StatusDeliveries deliveries,
      String externalUrl) {
    this.repository = repository;
    this.context = context;
    this.publisher = publisher;
    this.deliveries = deliveries;
    this.externalUrl = externalUrl == null ? "" : externalUrl.replaceAll("/+$", "");
  }

  @Override
  public void started(Snapshot snapshot) {
    post(snapshot.commit(), StatusState.PENDING, "syncing " + snapshot.shortCommit(), "");
  }

  @Override
  public void finished(SyncResult result) {
    String link = externalUrl.isEmpty() ? "" : externalUrl + "/syncs/" + result.syncId();
    if (!result.anyResourceFailed()) {
      post(result.snapshot().commit(), StatusState.SUCCESS, success(result), link);
    } else {
      post(result.snapshot().commit(), StatusState.FAILURE, failure(result), link);
    }
  }

  @Override
  public void failed(Snapshot snapshot, String reason) {
    post(snapshot.commit(), StatusState.ERROR, "sync could not run: " + reason, "");
  }

  private void post(String commit, StatusState state, String description, String link) {
    deliveries.post(
        repository, publisher, new CommitStatus(commit, state, context, description, link));
  }

  private static String success(SyncResult result) {
    long created = result.changes().count(Action.CREATED);
    long updated = result.changes().count(Action.CONFIGURED);
    long deleted = result.changes().count(Action.DELETED);
    long unchanged = result.plan().count(PlanAction.UNCHANGED);
    return "synced: "
        + created
        + " created, "
        + updated
        + " updated, "
        + deleted
        + " deleted, "
        + unchanged
        + " unchanged";
  }

  /** How many failed or were invalid, and the first problem, which the user fixes first. */
  private static String failure(SyncResult result) {
    long failed =
        result.changes().entries().stream().filter(e -> e.result().action().failed()).count();
    int invalid = result.plan().rejected().size();
    List<String> counts = new ArrayList<>();
    if (failed > 0) {
      counts.add(failed + " failed");
    }
    if (invalid > 0) {
      counts.add(invalid + " invalid");
    }
    if (!result.plan().held().isEmpty()) {
      counts.add(result.plan().held().size() + " held");
    }
    String first =
        result.problems().stream()
            .findFirst()
            .map(Problem::toString)
            .orElseGet(
                () ->
                    result.changes().entries().stream()
                        .filter(e -> e.result().action().failed())
                        .map(e -> e.step().key().id() + ": " + e.result().message())
                        .findFirst()
                        .orElse(""));
    return (counts.isEmpty() ? "problems" : String.join(", ", counts))
        + (first.isEmpty() ? "" : ": " + first);
  }
}
