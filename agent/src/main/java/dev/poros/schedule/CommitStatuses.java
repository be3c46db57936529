package dev.poros.schedule;

import dev.poros.model.Action;
import dev.poros.model.Problem;
import dev.poros.model.ResourceKey;
import dev.poros.plan.PlanAction;
import dev.poros.plan.PlanStep;
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
 * first problem) or {@code error} (the sync could not run, and why); and under {@code
 * CONTEXT/health}, once the resources settle, {@code success} (all healthy) or {@code failure} (one
 * degraded) — {@code error} when they do not settle or a newer commit comes first. The link is the
 * sync's page on the dashboard when the agent knows its public address.
 */
public final class CommitStatuses implements SyncObserver {
  private final String repository;
  private final String context;
  private final StatusPublisher publisher;
  private final StatusDeliveries deliveries;
  private final String externalUrl;
  private final CommitHealth health;

  /**
   * @param externalUrl the dashboard's public base ({@code https://poros.example.com}); empty: no
   *     link is sent
   * @param health follows the health of a synced commit's resources, for the {@code /health}
   *     context
   */
  public CommitStatuses(
      String repository,
      String context,
      StatusPublisher publisher,
      StatusDeliveries deliveries,
      String externalUrl,
      CommitHealth health) {
    this.repository = repository;
    this.context = context;
    this.publisher = publisher;
    this.deliveries = deliveries;
    this.externalUrl = externalUrl == null ? "" : externalUrl.replaceAll("/+$", "");
    this.health = health;
  }

  @Override
  public void started(Snapshot snapshot) {
    post(snapshot.commit(), StatusState.PENDING, "syncing " + snapshot.shortCommit(), "");
  }

  @Override
  public void finished(SyncResult result) {
    String link = externalUrl.isEmpty() ? "" : externalUrl + "/syncs/" + result.syncId();
    String commit = result.snapshot().commit();
    if (!result.anyResourceFailed()) {
      post(commit, StatusState.SUCCESS, success(result), link);
    } else {
      post(commit, StatusState.FAILURE, failure(result), link);
    }
    String healthContext = context + "/health";
    post(healthContext, commit, StatusState.PENDING, "waiting for the resources to settle", link);
    List<ResourceKey> kept =
        result.plan().steps().stream()
            .filter(step -> step.action() != PlanAction.DELETE)
            .map(PlanStep::key)
            .toList();
    health.follow(
        repository,
        commit,
        kept,
        verdict ->
            post(
                healthContext,
                commit,
                verdict.healthy()
                    ? StatusState.SUCCESS
                    : verdict.settled() ? StatusState.FAILURE : StatusState.ERROR,
                verdict.description(),
                link));
  }

  @Override
  public void unverified(Snapshot snapshot, String reason) {
    post(snapshot.commit(), StatusState.FAILURE, "unverified commit: " + reason, "");
  }

  @Override
  public void failed(Snapshot snapshot, String reason) {
    post(snapshot.commit(), StatusState.ERROR, "sync could not run: " + reason, "");
  }

  private void post(String commit, StatusState state, String description, String link) {
    post(context, commit, state, description, link);
  }

  private void post(
      String onContext, String commit, StatusState state, String description, String link) {
    deliveries.post(
        repository, publisher, new CommitStatus(commit, state, onContext, description, link));
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
        result.changes().applied().stream().filter(e -> e.result().action().failed()).count();
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
                    result.changes().applied().stream()
                        .filter(e -> e.result().action().failed())
                        .map(e -> e.step().key().id() + ": " + e.result().message())
                        .findFirst()
                        .orElse(""));
    return (counts.isEmpty() ? "problems" : String.join(", ", counts))
        + (first.isEmpty() ? "" : ": " + first);
  }
}
