package dev.poros.reconcile;

import dev.poros.apply.ChangeSetEntry;
import dev.poros.apply.StepResult;
import dev.poros.model.Action;
import dev.poros.model.DesiredState;
import dev.poros.model.RecordedResource;
import dev.poros.model.Resource;
import dev.poros.model.Status;
import dev.poros.plan.Plan;
import dev.poros.plan.PlanAction;
import dev.poros.store.EventStore;
import dev.poros.store.PorosDb;
import dev.poros.store.ResourceStore;
import dev.poros.store.SecretVault;
import java.util.Map;

/**
 * Writes what a sync decided and did into the Poros DB, one transaction per resource: its row, its
 * secret values and its event land together or not at all. Writes nothing for what did not change,
 * so syncing the same commit twice leaves no trace but the sync row.
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
      Map<dev.poros.model.ResourceKey, RecordedResource> recorded,
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

  void record(long syncId, long repositoryId, String commit, ChangeSetEntry entry) {
    StepResult result = entry.result();
    PlanAction planned = entry.step().action();
    String key = entry.step().key().id();
    db.transaction(
        c -> {
          if (planned == PlanAction.DELETE) {
            if (result.action() == Action.DELETED) {
              resources.markDeleted(c, entry.step().key(), commit);
              vault.forget(c, key);
            } else {
              resources.markError(
                  c,
                  entry.step().key(),
                  "delete " + result.action().label() + ": " + result.message());
            }
          } else if (result.action() == Action.CREATED || result.action() == Action.CONFIGURED) {
            Resource desired = entry.step().desired();
            resources.recordApplied(
                c,
                repositoryId,
                desired,
                entry.executor(),
                commit,
                result.runtime(),
                result.health(),
                result.message());
            vault.store(c, key, desired.secrets());
          } else {
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
          String message = result.message().isEmpty() ? entry.step().reason() : result.message();
          boolean changedSpec =
              result.action() == Action.CREATED
                  || result.action() == Action.CONFIGURED
                  || result.action() == Action.DELETED;
          String diff = changedSpec ? entry.step().diff() : "";
          events.add(
              c, syncId, key, result.action().label(), message, diff.isEmpty() ? null : diff);
          return null;
        });
  }

  private static boolean alreadySays(RecordedResource recorded, String message) {
    return recorded != null
        && recorded.status() == Status.ERROR
        && message.equals(recorded.message());
  }
}
