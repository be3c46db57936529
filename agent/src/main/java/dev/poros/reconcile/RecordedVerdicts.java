package dev.poros.reconcile;

import dev.poros.model.ResourceKey;
import dev.poros.policy.ClearedVerdicts;
import dev.poros.store.VerdictStore;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One repository's clean verdicts as the Poros DB keeps them: the first few asked for one by one,
 * then all of them at once. A sync whose verdicts are all in its engine's memory (the agent's usual
 * case) reads nothing; one that judges a change reads the changed resources' rows, not 50,000.
 */
final class RecordedVerdicts implements ClearedVerdicts {
  private static final int ASKED_ONE_BY_ONE = 100;

  private final VerdictStore store;
  private final long repositoryId;
  private final AtomicInteger asked = new AtomicInteger();
  private Map<String, String> digests;

  RecordedVerdicts(VerdictStore store, long repositoryId) {
    this.store = store;
    this.repositoryId = repositoryId;
  }

  @Override
  public String digest(ResourceKey key) {
    if (repositoryId < 0) {
      return null;
    }
    if (asked.incrementAndGet() <= ASKED_ONE_BY_ONE) {
      return store.cleared(repositoryId, key.id()).orElse(null);
    }
    return digests().get(key.id());
  }

  private synchronized Map<String, String> digests() {
    if (digests == null) {
      digests = store.cleared(repositoryId);
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
