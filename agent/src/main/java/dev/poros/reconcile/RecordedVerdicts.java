package dev.poros.reconcile;

import dev.poros.model.ResourceKey;
import dev.poros.policy.ClearedVerdicts;
import dev.poros.store.VerdictStore;
import java.util.HashMap;
import java.util.Map;

/**
 * One repository's clean verdicts as the Poros DB keeps them, read at the first question: a sync
 * whose verdicts are all in its engine's memory (the agent's usual case) reads nothing.
 */
final class RecordedVerdicts implements ClearedVerdicts {
  private final VerdictStore store;
  private final long repositoryId;
  private Map<String, String> digests;

  RecordedVerdicts(VerdictStore store, long repositoryId) {
    this.store = store;
    this.repositoryId = repositoryId;
  }

  @Override
  public String digest(ResourceKey key) {
    return digests().get(key.id());
  }

  private synchronized Map<String, String> digests() {
    if (digests == null) {
      digests = repositoryId < 0 ? Map.of() : store.cleared(repositoryId);
    }
    return digests;
  }

  @Override
  public void record(Map<ResourceKey, String> cleared) {
    if (repositoryId < 0 || cleared.isEmpty()) {
      return;
    }
    Map<String, String> rows = new HashMap<>();
    cleared.forEach((key, digest) -> rows.put(key.id(), digest));
    store.recordCleared(repositoryId, rows);
  }
}
