package dev.poros.reconcile;

import dev.poros.apply.ChangeSetEntry;
import dev.poros.apply.StepResult;
import dev.poros.model.Action;
import dev.poros.model.DesiredState;
import dev.poros.model.RecordedResource;
import dev.poros.model.Resource;
import dev.poros.model.ResourceKey;
import dev.poros.model.SecretData;
import dev.poros.model.Status;
import dev.poros.plan.Plan;
import dev.poros.plan.PlanAction;
import dev.poros.store.EventStore;
import dev.poros.store.PorosDb;
import dev.poros.store.ResourceStore;
import dev.poros.store.SecretVault;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes what a sync decided and did into the Poros DB: a resource's row, its secret values and its
 * event land together or not at all (a verdict in a transaction of its own, the steps that ran side
 * by side in one). Writes nothing for what did not change, so syncing the same commit twice leaves
 * no trace but the sync row.
 */
final class ResultRecorder {
  private final PorosDb db;
  private final ResourceStore resources;
  private final EventStore events;
  private final SecretVault vault;

  ResultRecorder(PorosDb db, ResourceStore resources, EventStore events, SecretVault vault) {
    this.db = db;
    this.resources = resources;
    this.events = events;
    this.vault = vault;
  }

  /** Records the rejected and held resources of a plan, where their recorded state differs. */
  void recordVerdicts(
      long syncId,
      long repositoryId,
      Plan plan,
      Map<ResourceKey, RecordedResource> recorded,
      String executor) {
    for (DesiredState.Rejection rejection : plan.rejected()) {
      Resource declared = rejection.resource();
      RecordedResource before = recorded.get(declared.key());
      String message = "invalid: " + rejection.message();
      if (alreadySays(before, message)) {
        continue;
      }
      db.transaction(
          c -> {
            resources.recordNotApplied(
                c, repositoryId, declared, before, executor, Status.ERROR, message);
            events.add(c, syncId, declared.key().id(), "invalid", rejection.message(), null);
            return null;
          });
    }
    for (Plan.Held held : plan.held()) {
      if (alreadySays(held.recorded(), held.reason())) {
        continue;
      }
      db.transaction(
          c -> {
            if (held.fault()) {
              resources.markError(c, held.recorded().key(), held.reason());
            } else {
              resources.setMessage(c, held.recorded().key(), held.reason());
            }
            events.add(c, syncId, held.recorded().key().id(), "held", held.reason(), null);
            return null;
          });
    }
  }

  /**
   * Records {@code entries}, steps that ran, in one transaction: what was applied, its secrets and
   * the events as batches (a statement each was most of a cold sync of 50,000 resources).
   */
  void record(long syncId, long repositoryId, String commit, List<ChangeSetEntry> entries) {
    db.transaction(
        c -> {
          List<ResourceStore.Applied> applied = new ArrayList<>();
          Map<String, SecretData> secrets = new LinkedHashMap<>();
          List<EventStore.Event> happened = new ArrayList<>();
          for (ChangeSetEntry entry : entries) {
            StepResult result = entry.result();
            String key = entry.step().key().id();
            if (entry.step().action() != PlanAction.DELETE && result.applied()) {
              Resource desired = entry.step().desired();
              applied.add(
                  new ResourceStore.Applied(
                      desired,
                      entry.executor(),
                      result.runtime(),
                      result.health(),
                      result.message()));
              secrets.put(key, desired.secrets());
            } else {
              recordNotApplied(c, repositoryId, commit, entry);
            }
            String message = result.message().isEmpty() ? entry.step().reason() : result.message();
            String diff = result.changedSpec() ? entry.step().diff() : "";
            happened.add(
                new EventStore.Event(
                    key, result.action().label(), message, diff.isEmpty() ? null : diff));
          }
          resources.recordApplied(c, repositoryId, commit, applied);
          vault.store(c, secrets);
          events.add(c, syncId, happened);
          return null;
        });
  }

  /** A deletion, or a step that did not apply what it meant to. */
  private void recordNotApplied(
      Connection c, long repositoryId, String commit, ChangeSetEntry entry) throws SQLException {
    StepResult result = entry.result();
    if (entry.step().action() == PlanAction.DELETE) {
      if (result.action() == Action.DELETED) {
        resources.markDeleted(c, entry.step().key(), commit);
        vault.forget(c, entry.step().key().id());
      } else {
        resources.markError(
            c, entry.step().key(), "delete " + result.action().label() + ": " + result.message());
      }
      return;
    }
    boolean waiting = result.action() == Action.WAITING;
    resources.recordNotApplied(
        c,
        repositoryId,
        entry.step().desired(),
        entry.step().recorded(),
        entry.executor(),
        waiting ? Status.WAITING : Status.ERROR,
        waiting ? result.message() : result.action().label() + ": " + result.message());
  }

  private static boolean alreadySays(RecordedResource recorded, String message) {
    return recorded != null
        && recorded.status() == Status.ERROR
        && message.equals(recorded.message());
  }
}
